// The one line a supervisor reads on a campaign: why it is (not) dialing. Pure: the campaign's status, its
// hopper (from the database) and the figures the dialer last published are handed in. Checked in order,
// the first that holds is the answer, because each earlier one makes the later ones moot.
import type { CampaignLiveStats, CampaignStatus, DialMode, PacingSettings } from '@cobranza/contracts';
import type { DialingReason, DialingStatus, HopperSummary } from '@cobranza/contracts/api';
import { debtorTimeLabel, zoneCity } from '@cobranza/domain/format/zone';

export interface WhyInput {
  status: CampaignStatus;
  settings: PacingSettings;
  hopper: HopperSummary;
  /** What the dialer last published for the campaign (campaign.stats), if anything. */
  live: CampaignLiveStats | null;
  /** The strategy's retry rules, when the dialer cannot read them (it then refuses to start the campaign). */
  retryRulesError: { field: string; es: string; en: string } | null;
  /** When the campaign was last changed (started, resumed…): the dialer takes a change within seconds. */
  changedAt: Date;
  now: Date;
}

/** The dialer publishes every second; figures older than this mean it is not running this campaign. */
export const LIVE_STALE_MS = 30_000;

/** "en 3 h 20 min" / "in 3 h 20 min". */
function inTime(ms: number, lang: 'es' | 'en'): string {
  const min = Math.max(1, Math.ceil(ms / 60_000));
  const h = Math.floor(min / 60);
  const m = min % 60;
  const parts = [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
  return lang === 'es' ? `en ${parts}` : `in ${parts}`;
}

const cities = (zones: string[], lang: 'es' | 'en') => zones.map((z) => zoneCity(z, lang)).join(', ');
const debtors = (n: number, lang: 'es' | 'en') => (lang === 'es' ? `${n} ${n === 1 ? 'deudor' : 'deudores'}` : `${n} ${n === 1 ? 'debtor' : 'debtors'}`);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const MODE: Record<DialMode, { es: string; en: string }> = {
  predictive: { es: 'predictivo', en: 'predictive' },
  progressive: { es: 'progresivo', en: 'progressive' },
  preview: { es: 'vista previa', en: 'preview' },
  agentless: { es: 'sin agente (IVR)', en: 'agentless (IVR)' },
};

export function whyNotDialing(i: WhyInput): DialingStatus {
  const at = i.now.toISOString();
  const line = (reason: DialingReason, es: string, en: string, extra: Partial<DialingStatus> = {}): DialingStatus => ({ reason, es, en, ...extra, at });
  const h = i.hopper;

  if (i.status === 'draft') return line('draft', 'Borrador: no se ha iniciado. Inicie la campaña para marcar.', 'Draft: not started yet. Start the campaign to dial.');
  if (i.status === 'paused') return line('paused', 'En pausa: un supervisor la pausó.', 'Paused by a supervisor.');
  if (i.status === 'stopped') return line('stopped', 'Detenida: no marca hasta que se inicie de nuevo.', 'Stopped: it does not dial until started again.');
  if (i.retryRulesError)
    return line(
      'retry_rules_invalid',
      `El marcador no puede leer las reglas de reintento de la estrategia (${i.retryRulesError.field}: ${i.retryRulesError.es}); corríjalas.`,
      `The dialer cannot read the strategy's retry rules (${i.retryRulesError.field}: ${i.retryRulesError.en}); fix them.`,
    );
  if (h.total === 0) return line('no_leads', 'Sin deudores en cola: cargue los leads de la campaña.', 'No debtors queued: load the campaign’s leads.');

  if (h.dueNow === 0 && h.inProgress === 0) {
    const waiting = h.blocked.filter((b) => b.nextAllowedAt !== null);
    const firstBlocked = waiting.map((b) => ({ b, t: Date.parse(b.nextAllowedAt!) })).sort((x, y) => x.t - y.t)[0];
    const retryAt = h.nextRetryAt ? Date.parse(h.nextRetryAt) : null;
    if (firstBlocked && (retryAt === null || firstBlocked.t <= retryAt)) {
      const { b } = firstBlocked;
      const zone = b.zone ?? 'UTC';
      const until = new Date(firstBlocked.t);
      const why = b.reason ? { es: `: ${b.reason.es}`, en: `: ${b.reason.en}` } : { es: '', en: '' };
      // the window opens at another instant in each zone: say which zones are waiting
      const zones = b.zones.length > 1 ? { es: ` Zonas en espera: ${cities(b.zones, 'es')}.`, en: ` Zones waiting: ${cities(b.zones, 'en')}.` } : { es: '', en: '' };
      return line(
        'compliance_blocked',
        `Todos los deudores pendientes están bloqueados por cumplimiento (${b.rule}${why.es}). El primero se podrá llamar el ${debtorTimeLabel(until, zone, 'es')}.${zones.es}`,
        `Every pending debtor is held by compliance (${b.rule}${why.en}). The first may be called on ${debtorTimeLabel(until, zone, 'en')}.${zones.en}`,
        { rule: b.rule, nextAt: until.toISOString(), zone },
      );
    }
    if (retryAt !== null) {
      const wait = retryAt - i.now.getTime();
      return line(
        'waiting_retry',
        `Nada para marcar ahora: el próximo reintento es ${inTime(wait, 'es')} (${debtors(h.dueLater, 'es')} en espera).`,
        `Nothing to dial now: the next retry is ${inTime(wait, 'en')} (${debtors(h.dueLater, 'en')} waiting).`,
        { nextAt: new Date(retryAt).toISOString() },
      );
    }
    if (h.blockedTotal > 0) {
      const b = h.blocked[0]!;
      return line(
        'compliance_blocked',
        `Los ${h.blockedTotal} deudores que quedan están bloqueados por cumplimiento sin fecha (${b.rule}${b.reason ? `: ${b.reason.es}` : ''}); los demás ya se gestionaron o agotaron sus intentos.`,
        `The ${h.blockedTotal} debtors left are held by compliance with no end date (${b.rule}${b.reason ? `: ${b.reason.en}` : ''}); the rest were handled or ran out of attempts.`,
        { rule: b.rule, nextAt: null, zone: null },
      );
    }
    return line(
      'hopper_done',
      `Cola agotada: ${h.done} gestionados y ${h.exhausted} sin más intentos. Cargue más leads.`,
      `Hopper empty: ${h.done} handled and ${h.exhausted} out of attempts. Load more leads.`,
    );
  }

  const live = i.live && i.now.getTime() - Date.parse(i.live.at) <= LIVE_STALE_MS ? i.live : null;
  if ((!live || live.status !== 'running') && i.now.getTime() - i.changedAt.getTime() <= LIVE_STALE_MS)
    return line('starting', 'Iniciando: el marcador toma la campaña en unos segundos.', 'Starting: the dialer picks the campaign up within seconds.');
  if (!live || live.status !== 'running')
    return line(
      'dialer_silent',
      `Hay ${debtors(h.dueNow, 'es')} para marcar, pero el marcador no informa actividad de esta campaña: revise que el marcador esté en marcha.`,
      `${debtors(h.dueNow, 'en')} due, but the dialer reports nothing for this campaign: check that the dialer is running.`,
    );
  const mode = i.settings.mode;
  if (mode !== 'agentless' && live.agentsLoggedIn === 0)
    return line('no_agents', 'Sin agentes conectados a la campaña: no se marca hasta que uno esté disponible.', 'No agents logged in to the campaign: nothing is dialled until one is available.');
  if (mode === 'predictive' && live.effectiveMode !== 'predictive') {
    // the cap pacing holds to: the debtors' jurisdictions' when lower than the campaign's target
    const target = live.abandonCap ?? i.settings.abandonTarget;
    if (live.abandonRateRolling >= 0.99 * target)
      return line(
        'near_abandon_cap',
        `Marcando en ${MODE[live.effectiveMode].es}: la tasa de abandono (${pct(live.abandonRateRolling)}) está en el tope de ${pct(target)}.`,
        `Dialling ${MODE[live.effectiveMode].en}: the abandon rate (${pct(live.abandonRateRolling)}) is at the ${pct(target)} cap.`,
      );
    return line(
      'predictive_downgraded',
      `Marcando en ${MODE[live.effectiveMode].es}: hay ${live.agentsLoggedIn} agentes y el predictivo necesita ${i.settings.minAgentsForPredictive}.`,
      `Dialling ${MODE[live.effectiveMode].en}: ${live.agentsLoggedIn} agents logged in, predictive needs ${i.settings.minAgentsForPredictive}.`,
    );
  }
  const calls = live.callsRinging + live.callsWaiting;
  return line(
    'dialing',
    `Marcando (${MODE[live.effectiveMode].es}): ${calls} llamadas en curso, ${live.today.attempts} intentos hoy, ${debtors(h.dueNow, 'es')} por marcar.`,
    `Dialling (${MODE[live.effectiveMode].en}): ${calls} calls in progress, ${live.today.attempts} attempts today, ${debtors(h.dueNow, 'en')} due.`,
  );
}
