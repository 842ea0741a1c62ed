import { ensureAsterisk, runAsterisk, type AsteriskEnv } from '@cobranza/asterisk-config';
import { Ari, type Health } from '../src/index.js';

/**
 * A second Asterisk instance (own ports and directories, same chroot) that the reconnection tests may
 * kill without disturbing anybody else's calls on the shared one.
 */
export const KILLABLE = {
  ASTERISK_INSTANCE: 'ari-reconnect',
  ASTERISK_HTTP_PORT: '8098',
  ASTERISK_SIP_PORT: '5098',
  ASTERISK_SIPP_CARRIER_PORT: '5099',
  ASTERISK_RTP_START: '20000',
  ASTERISK_RTP_END: '20999',
  ASTERISK_SIP_AGENTS: '5',
  ASTERISK_WEBRTC_AGENTS: '2',
};

export function startKillable(): AsteriskEnv {
  return ensureAsterisk(KILLABLE);
}

export function killKillable(): void {
  runAsterisk('kill', KILLABLE);
}

/** SIGSTOP / SIGCONT: Asterisk hangs without closing its sockets (only the heartbeat can notice). */
export function freezeKillable(frozen: boolean): void {
  const pid = Number(runAsterisk('pid', KILLABLE).trim());
  process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT');
}

export async function connectKillable(env: AsteriskEnv, logs: string[]): Promise<Ari> {
  const log = (level: string) => (m: string) => logs.push(`${level} ${m}`);
  return Ari.connect({
    url: env.ariUrl,
    user: env.ariUser,
    password: env.ariPassword,
    app: `t-reconnect-${process.pid}`,
    heartbeatMs: 1000,
    maxBackoffMs: 1000,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  });
}

export function nextHealth(ari: Ari, state: Health['state'], timeoutMs: number): Promise<Health> {
  return new Promise((resolve, reject) => {
    if (ari.health.state === state) return resolve(ari.health);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`health did not become ${state} within ${timeoutMs} ms (is ${ari.health.state})`));
    }, timeoutMs);
    const off = ari.onHealth((h) => {
      if (h.state !== state) return;
      clearTimeout(timer);
      off();
      resolve(h);
    });
  });
}

export function nextReconnected(ari: Ari, timeoutMs: number): Promise<Health> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no reconnected event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = ari.onReconnected((h) => {
      clearTimeout(timer);
      off();
      resolve(h);
    });
  });
}
