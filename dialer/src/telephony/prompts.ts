// The safe message (abandoned calls, answering machines): the creditor's business name and callback
// number, never anything about the debt. Rendered per creditor with espeak-ng into Asterisk's sounds
// directory when the dialer runs next to Asterisk; an operator may record a human voice instead at
// the same path (sound:cobranza-dialer/safe-<creditor code>).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export function safeMessageText(businessName: string, callbackNumber: string): string {
  const digits = callbackNumber.replace(/\D/g, '').split('').join(' ');
  return `Buenos días. Le llamamos de ${businessName}. Por favor comuníquese con nosotros al número ${digits}. Repetimos: ${digits}. Gracias.`;
}

export function safePromptName(creditorCode: string): string {
  return `safe-${creditorCode.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Renders sounds/cobranza-dialer/safe-<code>.wav (8 kHz mono) unless it exists. Returns the media URI. */
export function ensureSafePrompt(soundsDir: string, creditor: { code: string; businessName: string; callbackNumber: string }): string {
  const dir = join(soundsDir, 'cobranza-dialer');
  const name = safePromptName(creditor.code);
  const out = join(dir, `${name}.wav`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const raw = join(dir, `.${name}.raw.wav`);
    execFileSync('espeak-ng', ['-v', 'es-419', '-s', '165', '-w', raw, safeMessageText(creditor.businessName, creditor.callbackNumber)]);
    const tmp = join(dir, `.${name}.tmp.wav`);
    execFileSync('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', tmp]);
    renameSync(tmp, out);
  }
  return `sound:cobranza-dialer/${name}`;
}
