// A campaign's queue in one cell: the counts, and each compliance rule holding debtors back with the first
// time one of them may be called, in that debtor's clock and labelled.
import type { HopperSummary } from '@cobranza/contracts/api/campaign-status';
import { debtorTimeLabel } from '@cobranza/domain/format/zone';
import type { Lang } from '../../i18n/index.js';
import type { CampaignText } from './text.js';

export function HopperCell({ h, lang, ct }: { h: HopperSummary; lang: Lang; ct: CampaignText }) {
  const counts = [
    ['due_now', h.dueNow],
    ['due_later', h.dueLater],
    ['in_progress', h.inProgress],
    ['blocked', h.blockedTotal],
    ['done', h.done],
    ['exhausted', h.exhausted],
  ] as const;
  return (
    <div className="hopper" data-testid="hopper">
      <span className="hopper-counts">
        {counts.map(([k, n]) => (
          <span key={k} className={`chip${k === 'blocked' && n > 0 ? ' warn' : ''}`} data-testid={`hopper-${k}`}>
            {ct(k)}: <strong>{n}</strong>
          </span>
        ))}
      </span>
      {h.blocked.length > 0 && (
        <ul className="hopper-blocked">
          {h.blocked.map((b) => (
            <li key={b.rule}>
              <strong>{b.rule}</strong>: {b.leads}
              {b.reason ? ` · ${b.reason[lang]}` : ''} ·{' '}
              {b.nextAllowedAt && b.zone ? ct('blocked_until', { when: debtorTimeLabel(new Date(b.nextAllowedAt), b.zone, lang) }) : ct('blocked_never')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
