// Times on the desk: in the viewer's own zone, which the screen names next to them (never UTC unlabelled).
import { uiLocale, type Lang } from '../i18n/index.js';

export const userZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const localTime = (iso: string, lang: Lang, withSeconds = false): string =>
  new Intl.DateTimeFormat(uiLocale(lang), { dateStyle: 'short', timeStyle: withSeconds ? 'medium' : 'short', timeZone: userZone() }).format(new Date(iso));
