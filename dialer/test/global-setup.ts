// Makes the real services ready before any test: Postgres, Redis, SIPp and Asterisk. A missing
// service fails the run (never a silent skip).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  try {
    execFileSync('bash', [join(root, 'scripts', 'services.sh')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`scripts/services.sh failed: the dialer tests need Postgres, Redis, SIPp and Asterisk.\n${err.stderr?.toString() ?? err.message}`);
  }
}
