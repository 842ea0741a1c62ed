// What the desk's segment and strategy editors send and get back: a whole segment set saved at once
// (the catch-all rule is about the set, not one row), its preview counts, and the SMS preview.
import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Uuid } from './common.js';
import { SegmentCreate } from './catalog.js';

/** One segment as the editor holds it: `id` when it is already stored, none when it is new. */
export const SegmentDraft = Type.Composite([Type.Object({ id: Type.Optional(Uuid) }), SegmentCreate], { additionalProperties: false });
export type SegmentDraft = Static<typeof SegmentDraft>;

export const SegmentSetBody = Type.Object(
  {
    segments: Type.Array(SegmentDraft, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type SegmentSetBody = Static<typeof SegmentSetBody>;

export const SegmentPreviewBody = Type.Object(
  {
    segments: Type.Array(SegmentDraft, { maxItems: 200 }),
    /** Only this portfolio's accounts; all accounts when absent. */
    portfolioId: Type.Optional(Uuid),
    /** The day days past due are counted to (YYYY-MM-DD); today in the portfolio's country when absent. */
    today: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  },
  { additionalProperties: false },
);
export type SegmentPreviewBody = Static<typeof SegmentPreviewBody>;

export const SegmentPreview = Type.Object({
  today: Type.String(),
  portfolioId: Nullable(Uuid),
  total: Type.Integer(),
  /** In the order of the request's segments. */
  counts: Type.Array(Type.Object({ code: Type.String(), accounts: Type.Integer() })),
});
export type SegmentPreview = Static<typeof SegmentPreview>;
