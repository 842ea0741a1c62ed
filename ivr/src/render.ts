// Turns a node's segments into the media URIs one playback plays. The last line of defence for privacy is
// here too: whatever the flow says, a debt or personal value is never rendered for an unidentified inbound
// caller or an answering machine.
import type { Flow, Segment } from './flows/types.js';
import { fillTemplate, templateVariables, variableSensitivity } from './flows/variables.js';
import { variableValue, type AccountInfo, type CallContext } from './context.js';
import type { PromptSource } from './prompts/library.js';
import { sayDate, sayDigits, sayMoney, sayNumber, type Part } from './sayings.js';

export class DisclosureError extends Error {
  readonly code = 'IVR_DISCLOSURE_BLOCKED';
  constructor(variable: string, why: string) {
    super(`refused to read ${variable}: ${why}`);
    this.name = 'DisclosureError';
  }
}

export function assertMayRead(ctx: CallContext, variable: string): void {
  const s = variableSensitivity(variable);
  if (s === 'public') return;
  if (ctx.kind === 'machine') throw new DisclosureError(variable, 'an answering machine or third party may hear it');
  if (ctx.kind === 'inbound' && !ctx.identified) throw new DisclosureError(variable, 'the caller is not identified');
}

export class SegmentRenderer {
  constructor(private readonly prompts: PromptSource, private readonly owner: string) {}

  private values(ctx: CallContext, text: string, account: AccountInfo | null): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const name of templateVariables(text)) {
      assertMayRead(ctx, name);
      out[name] = variableValue(ctx, name, account);
    }
    return out;
  }

  private async parts(parts: Part[], ctx: CallContext): Promise<string[]> {
    const out: string[] = [];
    for (const p of parts) out.push('uri' in p ? p.uri : await this.prompts.text(p.words, ctx.lang));
    return out;
  }

  async render(segments: Segment[], ctx: CallContext, flow: Flow, account: AccountInfo | null = ctx.account): Promise<string[]> {
    const uris: string[] = [];
    for (const seg of segments) {
      if ('prompt' in seg) {
        const t = flow.prompts[seg.prompt];
        if (!t) throw new Error(`prompt "${seg.prompt}" missing from a validated flow`);
        const raw = t[ctx.lang] ?? t.es;
        const vars = this.values(ctx, raw, account);
        const text = fillTemplate(raw, vars);
        // a prompt with variables is personal: only the plain-text prompt can be replaced by a recording
        uris.push(templateVariables(raw).length ? await this.prompts.text(text, ctx.lang) : await this.prompts.resolve(this.owner, seg.prompt, ctx.lang, text));
      } else if ('text' in seg) {
        const raw = seg.text[ctx.lang] ?? seg.text.es;
        uris.push(await this.prompts.text(fillTemplate(raw, this.values(ctx, raw, account)), ctx.lang));
      } else if ('sound' in seg) {
        uris.push(`sound:${seg.sound}`);
      } else {
        assertMayRead(ctx, seg.value);
        const v = variableValue(ctx, seg.value, account);
        if (v === undefined || v === '') continue;
        const currency = variableValue(ctx, 'account.currency', account) ?? 'USD';
        const parts =
          seg.say === 'money' ? sayMoney(v, currency, ctx.lang) : seg.say === 'date' ? sayDate(v, ctx.lang) : seg.say === 'digits' ? sayDigits(v) : sayNumber(v);
        uris.push(...(await this.parts(parts, ctx)));
      }
    }
    return uris;
  }

  /** Money not tied to a flow variable (a promise read back). */
  async money(amount: string, currency: string, ctx: CallContext): Promise<string[]> {
    return this.parts(sayMoney(amount, currency, ctx.lang), ctx);
  }
  async date(date: string, ctx: CallContext): Promise<string[]> {
    return this.parts(sayDate(date, ctx.lang), ctx);
  }
  async text(es: string, en: string, ctx: CallContext): Promise<string> {
    return this.prompts.text(ctx.lang === 'en' ? en : es, ctx.lang);
  }
}
