// An import's progress bar is pushed by the server: the admin who uploads a file with ?ref= gets
// import:progress on their consoles (Socket.IO, real server, bus on real Redis), ending with "done";
// another supervisor and an agent get nothing.
import { randomBytes } from 'node:crypto';
import type { ClientToServerEvents, ImportProgressEvent, ServerToClientEvents } from '@cobranza/contracts';
import { seedDefaults } from '@cobranza/db/seed/index';
import { createTestDatabase, type TestDatabase } from '@cobranza/db/testing';
import { generatePortfolio } from '@cobranza/domain/generator/generate';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../src/runtime.js';
import { cleanRedis, makePortfolio, PASSWORD, REDIS_URL, seedUsers, testConfig, type TestUsers } from './helpers.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const TODAY = '2026-11-23';
const prefix = `test:api:progress:${randomBytes(4).toString('hex')}:`;
let t: TestDatabase;
let rt: Runtime;
let users: TestUsers;
let portfolioId: string;
const tokens: Record<string, string> = {};
const sockets: Client[] = [];

beforeAll(async () => {
  t = await createTestDatabase('api_import_progress');
  users = await seedUsers(t.db);
  await seedDefaults(t.db);
  portfolioId = (await makePortfolio(t.db, 'PRG')).id;
  rt = await startRuntime(testConfig(prefix, { PORT: '0', HOST: '127.0.0.1' }), { db: t, migrate: false });
  for (const k of ['admin', 'supervisor', 'agent'] as const) {
    const res = await fetch(`${rt.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: users[k].email, password: PASSWORD }) });
    tokens[k] = ((await res.json()) as { token: string }).token;
  }
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await rt?.close();
  const r = new Redis(REDIS_URL);
  await cleanRedis(r, prefix);
  await r.quit();
  await t?.drop();
});

async function listening(who: 'admin' | 'supervisor' | 'agent'): Promise<ImportProgressEvent[]> {
  const s: Client = connect(rt.url, { transports: ['websocket'], reconnection: false, auth: { token: tokens[who] } });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  const got: ImportProgressEvent[] = [];
  s.on('import:progress', (p) => got.push(p));
  return got;
}
const until = async (pred: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return pred();
};
const upload = (path: string, csv: string, who: 'admin' | 'supervisor' = 'admin') =>
  fetch(`${rt.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'text/csv' }, body: csv });

describe('import progress over Socket.IO', () => {
  it("reaches the uploader's consoles only, from reading to done, with the bytes of the file", async () => {
    const [admin, adminTab2, supervisor, agent] = [await listening('admin'), await listening('admin'), await listening('supervisor'), await listening('agent')];
    const csv = [...generatePortfolio({ rows: 3000, seed: 7, today: TODAY, badRows: 4 })].join('');
    const size = Buffer.byteLength(csv);
    const res = await upload(`/portfolios/${portfolioId}/imports?today=${TODAY}&ref=wizard-0001`, csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ totalRows: 3000, rejected: 4 });
    expect(await until(() => admin.at(-1)?.phase === 'done' && adminTab2.at(-1)?.phase === 'done')).toBe(true);
    expect(admin[0]).toMatchObject({ ref: 'wizard-0001', portfolioId, kind: 'portfolio', phase: 'reading', totalBytes: size });
    const phases = [...new Set(admin.map((p) => p.phase))];
    expect(phases).toEqual(['reading', 'merging', 'segmenting', 'done']);
    expect(admin.at(-1)).toMatchObject({ rows: 3000, bytes: size });
    // the bytes and rows never go back
    for (let i = 1; i < admin.length; i++) expect(admin[i]!.bytes).toBeGreaterThanOrEqual(admin[i - 1]!.bytes);
    await new Promise((r) => setTimeout(r, 200));
    expect(supervisor).toEqual([]);
    expect(agent).toEqual([]);
  });

  it('a payments file sends its own progress, kind payments, ending in done; without ref nothing is sent', async () => {
    const admin = await listening('admin');
    const csv = 'external_id,amount,paid_on\nNO-SUCH-1,1000,2026-11-20\n';
    const res = await upload(`/portfolios/${portfolioId}/payment-imports?today=${TODAY}&ref=pagos-0001`, csv);
    expect(res.status).toBe(200);
    expect(await until(() => admin.at(-1)?.phase === 'done')).toBe(true);
    expect(admin.at(-1)).toMatchObject({ ref: 'pagos-0001', kind: 'payments', rows: 1, bytes: Buffer.byteLength(csv) });
    const before = admin.length;
    expect((await upload(`/portfolios/${portfolioId}/payment-imports?today=${TODAY}`, csv)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(admin.length).toBe(before);
  });

  it('a file refused as a whole ends in "failed"', async () => {
    const admin = await listening('admin');
    const res = await upload(`/portfolios/${portfolioId}/payment-imports?today=${TODAY}&ref=pagos-0002`, 'nada,que,ver\n1,2,3\n');
    expect(res.status).toBe(400);
    expect(await until(() => admin.at(-1)?.phase === 'failed')).toBe(true);
  });
});
