// `npm start` on a fresh clone serves the console at `/`: when the console's build (agent-console/dist)
// is missing or older than its sources, it is built here, before the API listens. A deployment that
// ships its own build (CONSOLE_DIR elsewhere, or no console sources next to it) is left alone.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The console's sources, and the workspaces it compiles in (contracts, domain). */
export function consoleSources(root: string): string[] {
  const c = join(root, 'agent-console');
  return [join(c, 'src'), join(c, 'index.html'), join(c, 'vite.config.ts'), join(c, 'package.json'), join(root, 'packages/contracts/src'), join(root, 'packages/domain/src')];
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

export type ConsoleBuildState = 'fresh' | 'missing' | 'stale' | 'not_ours';

/** Whether `consoleDir` is the build of the console sources in `root`, and whether it is current. */
export function consoleBuildState(root: string, consoleDir: string): ConsoleBuildState {
  if (resolve(consoleDir) !== resolve(root, 'agent-console/dist') || !existsSync(join(root, 'agent-console/src'))) return 'not_ours';
  const index = join(consoleDir, 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  return consoleSources(root).some((p) => newestMtime(p) > built) ? 'stale' : 'fresh';
}

/**
 * Builds the console when it is missing or stale. Never throws: without a console the API still
 * serves, and `/` says how to build it (routes/console.ts).
 */
export async function ensureConsoleBuilt(root: string, consoleDir: string, log: (msg: string) => void): Promise<boolean> {
  const state = consoleBuildState(root, consoleDir);
  if (state === 'fresh' || state === 'not_ours') return existsSync(join(consoleDir, 'index.html'));
  const vite = join(root, 'node_modules/.bin/vite');
  if (!existsSync(vite)) {
    log(`console ${state === 'missing' ? 'not built' : 'out of date'} and vite is not installed (npm ci without --omit=dev builds it)`);
    return existsSync(join(consoleDir, 'index.html'));
  }
  log(`console ${state === 'missing' ? 'not built yet' : 'sources changed'}: building agent-console (vite build, about a minute)…`);
  const t0 = Date.now();
  try {
    // NODE_ENV=production: a test runner's NODE_ENV=test would give a development build
    await run(vite, ['build', '--logLevel', 'warn', '--mode', 'production'], {
      cwd: dirname(consoleDir),
      env: { ...process.env, NODE_ENV: 'production' },
      timeout: 600_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    log(`console built in ${Math.round((Date.now() - t0) / 1000)} s`);
    return true;
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    log(`console build failed: ${(err.stderr || err.message || String(e)).trim().slice(0, 2000)}`);
    return existsSync(join(consoleDir, 'index.html'));
  }
}
