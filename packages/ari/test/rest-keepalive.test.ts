import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriRest } from '../src/rest.js';

// A server that, like Asterisk closing an idle keep-alive connection, drops a reused connection without answering.
let server: Server;
let base = '';
const served = new WeakMap<Socket, number>();
let answered = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      req.socket.destroy();
      return;
    }
    answered++;
    res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
    res.end(JSON.stringify({ n: answered }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('AriRest over keep-alive', () => {
  it('sends a request again on a fresh connection when a reused one is dropped before any answer', async () => {
    const rest = new AriRest({ url: base, user: 'u', password: 'p' });
    expect(await rest.request('GET', '/a')).toEqual({ n: 1 });
    expect(await rest.request('DELETE', '/b')).toEqual({ n: 2 });
    expect(answered).toBe(2);
    rest.close();
  });
});
