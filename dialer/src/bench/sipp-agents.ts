// SIP agents played by SIPp: each sipagentN calls agent-login into the app under test and holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCENARIO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'sipp', 'agent-login.xml');

export interface SippAgents {
  endpoints: string[];
  stop(): void;
}

/** Logs in `endpoints` (e.g. sipagent1..N) as agents of `app`; SIPp keeps their calls up until stop(). */
export function startSippAgents(opts: { endpoints: string[]; app: string; sipHost: string; sipPort: number; localPort: number }): SippAgents {
  const dir = mkdtempSync(join(tmpdir(), 'cobranza-sipp-'));
  const csv = join(dir, 'agents.csv');
  writeFileSync(csv, 'SEQUENTIAL\n' + opts.endpoints.map((e) => `${e};${opts.app}`).join('\n') + '\n');
  const n = opts.endpoints.length;
  const child: ChildProcess = spawn(
    'sipp',
    [`${opts.sipHost}:${opts.sipPort}`, '-sf', SCENARIO, '-inf', csv, '-m', String(n), '-l', String(n), '-r', '50', '-p', String(opts.localPort), '-i', '127.0.0.1', '-bg', '-trace_err', '-error_file', join(dir, 'errors.log'), '-nostdin'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  // with -bg sipp forks and prints the background PID
  const pids: number[] = [];
  child.on('exit', () => {
    const m = /PID=\[(\d+)\]/.exec(out);
    if (m) pids.push(Number(m[1]));
  });
  return {
    endpoints: opts.endpoints,
    stop() {
      const m = /PID=\[(\d+)\]/.exec(out);
      const pid = pids[0] ?? (m ? Number(m[1]) : undefined);
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}
