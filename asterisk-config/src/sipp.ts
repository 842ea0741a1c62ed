import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRtpPcap, type RtpStep } from './rtp-pcap.js';

/**
 * SIPp (Debian's sip-tester) playing debtors, agents and inbound callers against the real Asterisk.
 * Each helper renders a scenario from ../sipp/ into a temp dir, starts one sipp process and resolves once
 * it listens. stop() kills it (SIGTERM, then SIGKILL) and removes the temp files.
 */
export const SIPP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'sipp');

export interface SippProcess {
  /** SIP port sipp listens on (127.0.0.1). */
  port: number;
  mediaPort: number;
  /** Resolves when sipp exits (exit code 0 = every call went as scripted). */
  exited: Promise<{ code: number | null; errors: string }>;
  stop(): Promise<void>;
}

interface Common {
  /** What the party says and presses once the call is up (default: 30 s of silence). */
  script?: readonly RtpStep[];
  /** Exit after this many calls (default 1). */
  maxCalls?: number;
  port?: number;
}

/**
 * A debtor reached through the sippcarrier trunk: originate to
 * `PJSIP/sippcarrier/sip:<number>@127.0.0.1:<port>` (any port) or `PJSIP/<number>@sippcarrier` (port 5070).
 */
export function startSippDebtor(o: Common & { ringMs?: number; hangupAfterMs?: number }): Promise<SippProcess> {
  return startSipp('debtor-uas.xml', o, {
    RING_MS: String(o.ringMs ?? 500),
    HANGUP_MS: String(o.hangupAfterMs ?? 600_000),
  });
}

/** A number that answers the INVITE with a SIP error (486, 404, 503, 480, 603...). */
export function startSippReject(o: { code: number; ringMs?: number; maxCalls?: number; port?: number }): Promise<SippProcess> {
  if (!Number.isInteger(o.code) || o.code < 300 || o.code > 699) throw new RangeError(`SIP reject code ${o.code}: must be 300..699`);
  return startSipp('reject-uas.xml', { maxCalls: o.maxCalls, port: o.port, script: [{ silenceMs: 20 }] }, {
    RING_MS: String(o.ringMs ?? 200),
    REJECT_CODE: String(o.code),
  });
}

export interface AsteriskSip {
  sipHost: string;
  sipPort: number;
}

/**
 * SIP agents logging in: each calls agent-login (or supervisor-login) as its endpoint (sipagentN) into Stasis
 * app `app` and stays on the line (its permanent channel) for shiftMs or until Asterisk hangs up.
 */
export function startSippAgents(
  o: Omit<Common, 'maxCalls'> & {
    asterisk: AsteriskSip;
    agents: readonly string[];
    app: string;
    shiftMs?: number;
    ratePerSec?: number;
    extension?: 'agent-login' | 'supervisor-login';
  },
): Promise<SippProcess> {
  const csv = 'SEQUENTIAL\n' + o.agents.map((a) => `${a};${o.app};${o.extension ?? 'agent-login'}`).join('\n') + '\n';
  return startSipp('agent-uac.xml', { ...o, maxCalls: o.agents.length }, { SHIFT_MS: String(o.shiftMs ?? 600_000) }, {
    target: `${o.asterisk.sipHost}:${o.asterisk.sipPort}`,
    csv,
    ratePerSec: o.ratePerSec ?? 50,
  });
}

/** A debtor calling the inbound line (DID) through the SIPp carrier, with its number as caller id. */
export function startSippCaller(
  o: Omit<Common, 'maxCalls'> & { asterisk: AsteriskSip; callerNumber: string; did: string; app: string; hangupAfterMs?: number },
): Promise<SippProcess> {
  const csv = `SEQUENTIAL\n${o.callerNumber};${o.app};${o.did}\n`;
  return startSipp('caller-uac.xml', { ...o, maxCalls: 1 }, { SHIFT_MS: String(o.hangupAfterMs ?? 120_000) }, {
    target: `${o.asterisk.sipHost}:${o.asterisk.sipPort}`,
    csv,
    ratePerSec: 1,
  });
}

async function startSipp(
  scenario: string,
  o: Common,
  values: Record<string, string>,
  uac?: { target: string; csv: string; ratePerSec: number },
): Promise<SippProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'cobranza-sipp-'));
  const pcap = join(dir, 'media.pcap');
  writeRtpPcap(pcap, o.script ?? [{ silenceMs: 30_000 }]);
  let xml = readFileSync(join(SIPP_DIR, scenario), 'utf8');
  for (const [k, v] of Object.entries({ ...values, PCAP: pcap })) xml = xml.split(`{{${k}}}`).join(v);
  const left = /\{\{[A-Z_]+\}\}/.exec(xml);
  if (left) throw new Error(`sipp/${scenario}: placeholder ${left[0]} has no value`);
  const scenarioPath = join(dir, scenario);
  writeFileSync(scenarioPath, xml);
  const port = o.port ?? (await freeUdpPort());
  const mediaPort = await freeUdpPort();
  const args = ['-sf', scenarioPath, '-i', '127.0.0.1', '-p', String(port), '-mi', '127.0.0.1', '-mp', String(mediaPort)];
  args.push('-m', String(o.maxCalls ?? 1), '-nostdin', '-trace_err', '-error_file', join(dir, 'errors.log'));
  // COBRANZA_SIPP_TRACE=1 keeps every SIP message sipp sent/received in <tmp dir>/*_messages.log (kept after stop()).
  const trace = process.env.COBRANZA_SIPP_TRACE === '1';
  if (trace) args.push('-trace_msg');
  if (uac) {
    writeFileSync(join(dir, 'fields.csv'), uac.csv);
    args.push('-inf', join(dir, 'fields.csv'), '-r', String(uac.ratePerSec), '-l', String(o.maxCalls ?? 1), uac.target);
  }
  const child: ChildProcess = spawn('sipp', args, { stdio: 'ignore', cwd: dir });
  const exited = new Promise<{ code: number | null; errors: string }>((resolve) => {
    child.once('exit', (code) => {
      let errors = '';
      try {
        errors = readFileSync(join(dir, 'errors.log'), 'utf8');
      } catch {
        // No error file: sipp logged no errors.
      }
      resolve({ code, errors });
    });
  });
  // UAS: wait until sipp holds its port, so an originate right after cannot find nobody listening.
  const deadline = Date.now() + 5000;
  while (!uac && (await udpPortFree(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sipp ${scenario} did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    mediaPort,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(t);
      }
      if (!trace) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
