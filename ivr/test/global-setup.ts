// The real services the tests run against (Postgres, Redis, Asterisk in its chroot, SIPp, espeak-ng, sox).
// A missing service fails the run: these tests never skip.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** KEY=VALUE lines printed by asterisk-config/run.sh (ARI_URL, ARI_USER, ASTERISK_SOUNDS_DIR, …). */
    servicesEnv: Record<string, string>;
  }
}

export default function setup(project: TestProject): void {
  const root = resolve(import.meta.dirname, '../..');
  try {
    const out = execFileSync('bash', [resolve(root, 'scripts/services.sh')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    // run.sh prints KEY=VALUE lines (ARI_URL, ASTERISK_SOUNDS_DIR, …): hand them to the test files
    const env: Record<string, string> = {};
    for (const line of out.toString().split('\n')) {
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (m) env[m[1] as string] = m[2] as string;
    }
    project.provide('servicesEnv', env);
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`scripts/services.sh failed: the IVR tests need Postgres, Redis, Asterisk and SIPp.\n${err.stderr?.toString().slice(-2000) ?? err.message}`);
  }
}
