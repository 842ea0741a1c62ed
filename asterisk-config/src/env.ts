import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What run.sh prints once Asterisk is ready: how to reach it. */
export interface AsteriskEnv {
  instance: string;
  ariUrl: string;
  ariUser: string;
  ariPassword: string;
  ariApp: string;
  sipHost: string;
  sipPort: number;
  /** SIP over WebSocket for browser softphones (ws://host:port/ws). */
  wsUrl: string;
  sippCarrierPort: number;
  inboundDid: string;
  agentPasswordPrefix: string;
  webrtcAgents: number;
  sipAgents: number;
  chroot: string;
  /** Host path of Asterisk's recording directory (bridges.record output). */
  recordingDir: string;
  /** Host path of Asterisk's sounds directory (put rendered prompts under a subdirectory). */
  soundsDir: string;
  /** Host path of Asterisk's messages.log (verbose 3: read it when a call misbehaves). */
  logFile: string;
}

export const RUN_SH = join(dirname(fileURLToPath(import.meta.url)), '..', 'run.sh');

export type RunCommand = 'start' | 'stop' | 'restart' | 'kill' | 'status' | 'env' | 'pid';

/**
 * Runs asterisk-config/run.sh synchronously. `env` overrides ports/credentials/instance (see run.sh).
 * Throws with run.sh's stderr when it fails.
 */
export function runAsterisk(command: RunCommand, env: Record<string, string> = {}): string {
  try {
    return execFileSync('bash', [RUN_SH, command], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`asterisk-config/run.sh ${command} failed: ${err.stderr?.trim() || err.message}`);
  }
}

/** Runs an Asterisk CLI command on the instance `env` designates, e.g. "pjsip show endpoints". */
export function asteriskCli(command: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync('bash', [RUN_SH, 'cli', command], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`asterisk CLI "${command}" failed: ${err.stderr?.trim() || err.message}`);
  }
}

/** Starts Asterisk if needed (fast when it already runs this config) and returns how to reach it. */
export function ensureAsterisk(env: Record<string, string> = {}): AsteriskEnv {
  return parseEnv(runAsterisk('start', env));
}

export function parseEnv(out: string): AsteriskEnv {
  const kv = new Map<string, string>();
  for (const line of out.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const get = (k: string): string => {
    const v = kv.get(k);
    if (v === undefined) throw new Error(`run.sh output lacks ${k}`);
    return v;
  };
  return {
    instance: get('ASTERISK_INSTANCE'),
    ariUrl: get('ARI_URL'),
    ariUser: get('ARI_USER'),
    ariPassword: get('ARI_PASSWORD'),
    ariApp: get('ARI_APP'),
    sipHost: get('ASTERISK_SIP_HOST'),
    sipPort: Number(get('ASTERISK_SIP_PORT')),
    wsUrl: get('ASTERISK_WS_URL'),
    sippCarrierPort: Number(get('ASTERISK_SIPP_CARRIER_PORT')),
    inboundDid: get('ASTERISK_INBOUND_DID'),
    agentPasswordPrefix: get('ASTERISK_AGENT_PASSWORD_PREFIX'),
    webrtcAgents: Number(get('ASTERISK_WEBRTC_AGENTS')),
    sipAgents: Number(get('ASTERISK_SIP_AGENTS')),
    chroot: get('ASTERISK_CHROOT'),
    recordingDir: get('ASTERISK_RECORDING_DIR'),
    soundsDir: get('ASTERISK_SOUNDS_DIR'),
    logFile: get('ASTERISK_LOG'),
  };
}

/** SIP password of a WebRTC endpoint (agent7, supervisor2) under run.sh's documented scheme. */
export function agentSipPassword(endpoint: string, env: Pick<AsteriskEnv, 'agentPasswordPrefix'>): string {
  return env.agentPasswordPrefix + endpoint;
}
