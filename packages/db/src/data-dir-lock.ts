// One process at a time on an embedded database folder. PGlite keeps the database in the memory of the
// process that opened it and writes it back to the folder: two processes on one folder each see only
// their own writes, and whichever stops last overwrites the other's (a creditor created with 201 was
// gone). Postgres guards its data directory with postmaster.pid; this is the same idea, next to the folder.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface DataDirLockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: DataDirLockInfo,
  ) {
    super(
      `the embedded database is in use by another process (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}: ${holder.command}); ` +
        `lock file ${lockFile}. Stop that process, or use its HTTP API (POST /portfolios/:id/imports imports a file), ` +
        `or point PGLITE_DIR or DATABASE_URL elsewhere. If no such process is running, delete the lock file.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** The lock file of an embedded database folder: beside it, so PGlite's own folder holds only its files. */
export const lockFileOf = (dataDir: string): string => `${dataDir.replace(/[\\/]+$/, '')}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): DataDirLockInfo | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<DataDirLockInfo>;
    return typeof v.pid === 'number' ? { pid: v.pid, host: v.host ?? '?', startedAt: v.startedAt ?? '?', command: v.command ?? '?' } : undefined;
  } catch {
    return undefined; // missing, or half-written by a process that died while writing it
  }
}

/**
 * Takes the folder's lock for this process, or throws DataDirLockedError naming the holder. A lock left by a
 * process that no longer runs (killed, machine restarted) is stale and is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  const me: DataDirLockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(' ').slice(0, 300) };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
      const holder = readLock(file);
      // another host's pid cannot be checked from here: a shared folder stays locked until its owner stops
      if (holder && (holder.host !== me.host || alive(holder.pid))) throw new DataDirLockedError(file, holder);
      rmSync(file, { force: true }); // stale; if two processes race here, the exclusive create picks one
    }
  }
  return () => {
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}
