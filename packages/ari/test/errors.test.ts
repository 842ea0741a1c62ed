import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriError } from '../src/errors.js';
import { AriRest } from '../src/rest.js';

// A local HTTP server answering like ARI does, to pin the status → code translation.
let base = '';
const server = createServer((req, res) => {
  const status = Number(req.url?.split('/')[3]);
  if (status === 999) return; // never answers
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: `status ${status}` }));
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('AriRest error translation', () => {
  const cases: Array<[number, string]> = [
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [412, 'INVALID_STATE'],
    [400, 'BAD_REQUEST'],
    [422, 'BAD_REQUEST'],
    [401, 'UNAUTHORIZED'],
    [500, 'INTERNAL'],
  ];
  it.each(cases)('HTTP %i → %s with the status and Asterisk message', async (status, code) => {
    const rest = new AriRest({ url: base, user: 'u', password: 'p' });
    const err = await rest.request('GET', `/s/${status}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AriError);
    expect(err).toMatchObject({ code, status });
    expect((err as AriError).message).toContain(`status ${status}`);
  });
  it('an unreachable Asterisk is UNAVAILABLE', async () => {
    const rest = new AriRest({ url: 'http://127.0.0.1:1', user: 'u', password: 'p' });
    await expect(rest.request('GET', '/asterisk/info')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
  it('a hung Asterisk is TIMEOUT', async () => {
    const rest = new AriRest({ url: base, user: 'u', password: 'p', timeoutMs: 200 });
    await expect(rest.request('GET', '/s/999')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
