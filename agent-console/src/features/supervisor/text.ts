// The supervisor's operations panels (callbacks due, agents' day), Spanish first.
import type { Lang } from '../../i18n/index.js';
import { useLang } from '../../store/selectors.js';

const es = {
  callbacks_title: 'Llamadas de vuelta para hoy',
  callbacks_counts: '{total} pendientes · {overdue} vencidas',
  callbacks_loading: 'Cargando llamadas de vuelta…',
  callbacks_failed: 'No se pudieron leer las llamadas de vuelta',
  callbacks_empty: 'Ninguna llamada de vuelta pendiente: los agentes no han agendado devoluciones que venzan antes de medianoche, o ya se hicieron todas.',
  callbacks_more: 'Se muestran las {shown} más antiguas de {total}.',
  col_when: 'Hora del deudor',
  col_debtor: 'Deudor',
  col_agent: 'Agendó',
  col_campaign: 'Campaña',
  overdue_by: 'vencida hace {d}',
  due_in: 'en {d}',
  due_now: 'ahora',
  no_agent: 'sin agente',
  no_campaign: 'sin campaña',
  agents_day_title: 'Agentes hoy',
  agents_day_loading: 'Cargando las cifras de hoy…',
  agents_day_failed: 'No se pudieron leer las cifras de hoy',
  agents_day_empty: 'Ningún agente ha trabajado hoy: nadie se ha conectado ni ha atendido llamadas desde medianoche.',
  agents_day_since: 'Desde las 00:00 ({zone}); se actualiza cada minuto.',
};
type Key = keyof typeof es;

const en: Record<Key, string> = {
  callbacks_title: 'Callbacks due today',
  callbacks_counts: '{total} due · {overdue} overdue',
  callbacks_loading: 'Loading callbacks…',
  callbacks_failed: 'The callbacks could not be read',
  callbacks_empty: 'No callbacks due: agents have booked none that fall before midnight, or all have been made.',
  callbacks_more: 'Showing the {shown} oldest of {total}.',
  col_when: "Debtor's time",
  col_debtor: 'Debtor',
  col_agent: 'Booked by',
  col_campaign: 'Campaign',
  overdue_by: 'overdue by {d}',
  due_in: 'in {d}',
  due_now: 'now',
  no_agent: 'no agent',
  no_campaign: 'no campaign',
  agents_day_title: 'Agents today',
  agents_day_loading: "Loading today's figures…",
  agents_day_failed: "Today's figures could not be read",
  agents_day_empty: 'No agent has worked today: nobody has logged in or taken a call since midnight.',
  agents_day_since: 'Since 00:00 ({zone}); refreshed every minute.',
};

const DICT: Record<Lang, Record<Key, string>> = { es, en };

export type SupervisorText = (key: Key, params?: Record<string, string | number>) => string;

export function supervisorText(lang: Lang): SupervisorText {
  return (key, params) => {
    let s = DICT[lang][key];
    for (const [k, v] of Object.entries(params ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
}

export const useSupervisorText = (): SupervisorText => supervisorText(useLang());

/** A span of time for people: "45 min", "2 h 10 min", "1 d 18 h". */
export function spanText(ms: number): string {
  const min = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${Math.floor(h / 24)} d`;
}
