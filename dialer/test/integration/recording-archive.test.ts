// Call recordings leave the Asterisk node: on the real Asterisk a bridge with a fake-PSTN person in it is
// recorded as the dialer names it (call-<attempt id>); when Asterisk finishes it, the archiver fetches the file
// over ARI, writes it to the shared store (FILE_STORE_DIR), indexes it with its call attempt on real Postgres,
// and removes it from Asterisk's disk.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeNumber } from '@cobranza/asterisk-config';
import { Ari } from '@cobranza/ari';
import { FolderBlobStore, SharedFiles } from '@cobranza/db/files/shared-files';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingArchiver } from '../../src/recordings/archive.js';
import { appName, asterisk, until } from './harness.js';

let t: TestDatabase;
let ari: Ari;
const dir = mkdtempSync(join(tmpdir(), 'recording-archive-'));
const logged: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase('recording_archive');
  const env = asterisk();
  ari = await Ari.connect({ url: env.ariUrl, user: env.ariUser, password: env.ariPassword, app: appName('t-rec'), connectTimeoutMs: 20_000 });
});
afterAll(async () => {
  ari?.close();
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('call recordings to shared storage', () => {
  it('a finished recording is fetched over ARI, stored, indexed with its attempt, and removed from Asterisk', async () => {
    const env = asterisk();
    const attemptId = randomUUID();
    await t.db.insertInto('call_attempts').values({ id: attemptId, e164: '+573001112233', status: 'bridged' }).execute();
    const files = new SharedFiles(t.db, new FolderBlobStore(join(dir, 'store')));
    const archiver = new RecordingArchiver({ ari, files, log: (m, f) => logged.push(`${m} ${JSON.stringify(f)}`) });
    const stop = archiver.start();

    const answered = ari.waitFor(attemptId, (e) => e.type === 'StasisStart', { timeoutMs: 15_000, what: 'answer' });
    await ari.originate({ endpoint: `PJSIP/${fakeNumber('person')}@carrier`, channelId: attemptId, timeoutSec: 15, callerId: 'Cobranza <6015550100>' });
    await answered;
    const bridge = await ari.createBridge({ bridgeId: `rec-${attemptId}` });
    await ari.addChannel(bridge.id, attemptId);
    const name = `call-${attemptId}`;
    const finished = ari.waitFor(name, (e) => e.type === 'RecordingFinished', { timeoutMs: 10_000, what: 'recording' });
    await ari.recordBridge(bridge.id, { name, maxDurationSeconds: 2 });
    await finished;
    await archiver.idle();
    await until('indexed', async () => (await files.find(`recordings/${name}.wav`)) !== null, 5000);
    stop();
    await ari.hangupQuietly(attemptId);
    await ari.destroyBridge(bridge.id).catch(() => undefined);

    const bytes = readFileSync(join(dir, 'store', 'recordings', `${name}.wav`));
    expect(bytes.length).toBeGreaterThan(2 * 8000); // about 2 s of 8 kHz 16-bit audio
    const row = await t.db.selectFrom('stored_files').selectAll().where('key', '=', `recordings/${name}.wav`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'recording', call_attempt_id: attemptId, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), content_type: 'audio/wav', created_by: null });
    // gone from the Asterisk node's disk
    expect(existsSync(join(env.recordingDir, `${name}.wav`))).toBe(false);
    await expect(ari.storedRecordingFile(name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(logged).toEqual([]);
  });

  it('a recording Asterisk no longer has is logged and indexes nothing', async () => {
    const files = new SharedFiles(t.db, new FolderBlobStore(join(dir, 'store')));
    const archiver = new RecordingArchiver({ ari, files, log: () => undefined });
    await expect(archiver.archive(`call-${randomUUID()}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.selectFrom('stored_files').select('key').where('kind', '=', 'recording').execute()).toHaveLength(1);
  });
});
