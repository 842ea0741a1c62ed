// The Campaigns screen's words, Spanish first. Kept beside the screen (statuses and modes come from the
// console's shared messages: status_*, mode_*).
import type { Lang } from '../../i18n/index.js';
import { useLang } from '../../store/selectors.js';

const es = {
  title: 'Campañas',
  intro: 'Todas las campañas, con su cola y la razón por la que marcan o no. Se actualiza cada pocos segundos.',
  new_campaign: 'Nueva campaña',
  close_form: 'Cerrar',
  loading: 'Cargando campañas…',
  load_failed: 'No se pudo leer la lista de campañas',
  empty: 'No hay campañas todavía. Cree una con «Nueva campaña» a partir de una cartera, sus segmentos y una estrategia.',
  col_name: 'Campaña',
  col_status: 'Estado',
  col_mode: 'Modo',
  agents_assigned: '{n} agentes asignados',
  col_why: 'Qué está pasando',
  col_hopper: 'Cola de deudores',
  col_actions: 'Acciones',
  due_now: 'para ahora',
  due_later: 'después',
  in_progress: 'en curso',
  blocked: 'bloqueados',
  done: 'gestionados',
  exhausted: 'agotados',
  blocked_until: 'hasta {when}',
  blocked_never: 'sin fecha',
  start: 'Iniciar',
  pause: 'Pausar',
  stop: 'Detener',
  load_leads: 'Cargar leads',
  leads_loaded: '{name}: {added} deudores nuevos en cola ({total} en total).',
  command_done: '{name}: {status}.',
  form_title: 'Nueva campaña',
  field_name: 'Nombre',
  field_portfolio: 'Cartera',
  field_segments: 'Segmentos',
  field_segments_hint: 'Sin marcar ninguno: todas las cuentas de la cartera.',
  field_strategy: 'Estrategia',
  field_mode: 'Modo de marcación',
  none: '— ninguna —',
  choose: '— elija —',
  no_portfolios: 'No hay carteras: importe una primero (Carteras e importaciones).',
  no_segments: 'No hay segmentos definidos.',
  create: 'Crear campaña',
  creating: 'Creando…',
  created: 'Campaña «{name}» creada como borrador. Cargue sus leads e iníciela.',
  err_name: 'Escriba el nombre de la campaña.',
  err_portfolio: 'Elija la cartera de la que salen los deudores.',
  catalog_failed: 'No se pudieron leer carteras, segmentos y estrategias',
  assign_agents: 'Agentes',
  assign_title: 'Agentes de «{name}»',
  assign_intro: 'Cada agente ve solo los deudores de las carteras de sus campañas. Marque quiénes trabajan esta campaña.',
  assign_none: 'No hay agentes activos. Créelos en «Usuarios» (administración).',
  assign_loading: 'Cargando agentes…',
  assign_also: 'también en {names}',
  assign_save: 'Guardar agentes',
  assign_saved: '«{name}»: {n} agentes asignados.',
} as const;

type Key = keyof typeof es;

const en: Record<Key, string> = {
  title: 'Campaigns',
  intro: 'Every campaign, with its queue and why it is or is not dialing. Refreshed every few seconds.',
  new_campaign: 'New campaign',
  close_form: 'Close',
  loading: 'Loading campaigns…',
  load_failed: 'The campaign list could not be read',
  empty: 'No campaigns yet. Create one with “New campaign” from a portfolio, its segments and a strategy.',
  col_name: 'Campaign',
  col_status: 'Status',
  col_mode: 'Mode',
  agents_assigned: '{n} agents assigned',
  col_why: 'What is happening',
  col_hopper: 'Debtor queue',
  col_actions: 'Actions',
  due_now: 'due now',
  due_later: 'later',
  in_progress: 'in progress',
  blocked: 'blocked',
  done: 'handled',
  exhausted: 'exhausted',
  blocked_until: 'until {when}',
  blocked_never: 'no end date',
  start: 'Start',
  pause: 'Pause',
  stop: 'Stop',
  load_leads: 'Load leads',
  leads_loaded: '{name}: {added} new debtors queued ({total} in all).',
  command_done: '{name}: {status}.',
  form_title: 'New campaign',
  field_name: 'Name',
  field_portfolio: 'Portfolio',
  field_segments: 'Segments',
  field_segments_hint: 'None ticked: every account of the portfolio.',
  field_strategy: 'Strategy',
  field_mode: 'Dial mode',
  none: '— none —',
  choose: '— choose —',
  no_portfolios: 'No portfolios: import one first (Portfolios and imports).',
  no_segments: 'No segments defined.',
  create: 'Create campaign',
  creating: 'Creating…',
  created: 'Campaign “{name}” created as a draft. Load its leads and start it.',
  err_name: 'Write the campaign’s name.',
  err_portfolio: 'Choose the portfolio the debtors come from.',
  catalog_failed: 'Portfolios, segments and strategies could not be read',
  assign_agents: 'Agents',
  assign_title: 'Agents of “{name}”',
  assign_intro: 'Each agent sees only the debtors of their campaigns’ portfolios. Tick who works this campaign.',
  assign_none: 'There are no active agents. Create them in “Users” (administration).',
  assign_loading: 'Loading agents…',
  assign_also: 'also on {names}',
  assign_save: 'Save agents',
  assign_saved: '“{name}”: {n} agents assigned.',
};

const DICT: Record<Lang, Record<Key, string>> = { es, en };

export type CampaignText = (key: Key, params?: Record<string, string | number>) => string;

export function campaignText(lang: Lang): CampaignText {
  return (key, params) => {
    let s = DICT[lang][key];
    for (const [k, v] of Object.entries(params ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
}

export const useCampaignText = (): CampaignText => campaignText(useLang());
