import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { agentSipPassword, asteriskCli, ensureAsterisk, runAsterisk, type AsteriskEnv } from '../src/env.js';

/** Its own Asterisk instance (ports, directories), so restarting it disturbs nobody's calls. */
const INSTANCE = {
  ASTERISK_INSTANCE: 'cfg-test',
  ASTERISK_HTTP_PORT: '8108',
  ASTERISK_SIP_PORT: '5108',
  ASTERISK_SIPP_CARRIER_PORT: '5109',
  ASTERISK_RTP_START: '21000',
  ASTERISK_RTP_END: '21999',
  ASTERISK_SIP_AGENTS: '3',
  ASTERISK_WEBRTC_AGENTS: '2',
};

async function startedAt(env: AsteriskEnv): Promise<string> {
  const res = await fetch(`${env.ariUrl}/ari/asterisk/info`, {
    headers: { authorization: 'Basic ' + Buffer.from(`${env.ariUser}:${env.ariPassword}`).toString('base64') },
  });
  expect(res.status).toBe(200);
  const info = (await res.json()) as { status: { startup_time: string } };
  return info.status.startup_time;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

afterAll(() => {
  runAsterisk('stop', INSTANCE);
  runAsterisk('stop', { ...INSTANCE, ASTERISK_HTTP_PORT: '8118' });
});

describe('run.sh', () => {
  let env: AsteriskEnv;

  it('starts Asterisk with ARI ready, and prints how to reach it', async () => {
    runAsterisk('stop', INSTANCE);
    const [e, ms] = timed(() => ensureAsterisk(INSTANCE));
    env = e;
    console.log(`cold start to ARI ready: ${ms.toFixed(0)} ms`);
    expect(env.ariUrl).toBe('http://127.0.0.1:8108');
    expect(env.wsUrl).toBe('ws://127.0.0.1:8108/ws');
    expect(env.sipPort).toBe(5108);
    expect(env.recordingDir).toMatch(/\/var\/spool\/asterisk-cfg-test\/recording$/);
    expect(await startedAt(env)).toBeTruthy();
  });

  it('is a fast no-op when Asterisk already runs the same configuration', async () => {
    const before = await startedAt(env);
    const [, ms] = timed(() => ensureAsterisk(INSTANCE));
    console.log(`start with Asterisk up and config unchanged: ${ms.toFixed(0)} ms`);
    expect(await startedAt(env)).toBe(before);
    expect(ms).toBeLessThan(5000);
  });

  it('reloads without restarting when only the dialplan/endpoints change', async () => {
    const before = await startedAt(env);
    const [, ms] = timed(() => ensureAsterisk({ ...INSTANCE, ASTERISK_INBOUND_DID: '+576015559999' }));
    console.log(`reload after a dialplan change: ${ms.toFixed(0)} ms`);
    expect(await startedAt(env)).toBe(before);
    const globals = asteriskCli('dialplan show globals', INSTANCE);
    expect(globals).toContain('INBOUND_DID=+576015559999');
  });

  it('restarts when the HTTP server settings change', async () => {
    const moved = { ...INSTANCE, ASTERISK_HTTP_PORT: '8118' };
    const before = await startedAt(env);
    const env2 = ensureAsterisk(moved);
    expect(env2.ariUrl).toBe('http://127.0.0.1:8118');
    expect(await startedAt(env2)).not.toBe(before);
    runAsterisk('stop', moved);
    env = ensureAsterisk(INSTANCE);
  });
});

// ------------------------------------------------------------------------------------------------------
// Browser softphone endpoints: SIP over WebSocket with digest auth, as JsSIP does it.
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

class SipWs {
  private ws!: WebSocket;
  private readonly inbox: string[] = [];
  private waiter: ((m: string) => void) | undefined;
  readonly callId = randomBytes(8).toString('hex');
  readonly tag = randomBytes(4).toString('hex');
  cseq = 1;

  async open(url: string): Promise<void> {
    this.ws = new WebSocket(url, 'sip');
    this.ws.on('message', (d) => {
      const m = d.toString();
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(m);
      } else this.inbox.push(m);
    });
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  next(): Promise<string> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no SIP answer within 5 s')), 5000);
      this.waiter = (msg) => {
        clearTimeout(t);
        resolve(msg);
      };
    });
  }

  /** REGISTER, answering the digest challenge with `password`. Returns the final status line and the message. */
  async register(user: string, password: string, host: string): Promise<{ status: number; msg: string }> {
    const uri = `sip:${host}`;
    const send = (auth?: string) => {
      const lines = [
        `REGISTER ${uri} SIP/2.0`,
        `Via: SIP/2.0/WS ${this.tag}.invalid;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
        'Max-Forwards: 70',
        `To: <sip:${user}@${host}>`,
        `From: <sip:${user}@${host}>;tag=${this.tag}`,
        `Call-ID: ${this.callId}`,
        `CSeq: ${this.cseq++} REGISTER`,
        `Contact: <sip:${this.tag}@${this.tag}.invalid;transport=ws>;expires=60`,
        'Expires: 60',
        ...(auth ? [`Authorization: ${auth}`] : []),
        'Content-Length: 0',
        '',
        '',
      ];
      this.ws.send(lines.join('\r\n'));
    };
    send();
    let msg = await this.next();
    if (status(msg) === 401) {
      const h = /WWW-Authenticate: Digest (.*)/i.exec(msg)?.[1] ?? '';
      const param = (k: string) => new RegExp(`${k}="?([^",]+)"?`).exec(h)?.[1] ?? '';
      const realm = param('realm');
      const nonce = param('nonce');
      const qop = param('qop');
      const cnonce = randomBytes(4).toString('hex');
      const ha1 = md5(`${user}:${realm}:${password}`);
      const ha2 = md5(`REGISTER:${uri}`);
      const response = qop ? md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
      send(
        `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5` +
          (qop ? `, qop=auth, nc=00000001, cnonce="${cnonce}"` : ''),
      );
      msg = await this.next();
    }
    return { status: status(msg), msg };
  }

  close(): void {
    this.ws.close();
  }
}

const status = (msg: string) => Number(/^SIP\/2.0 (\d{3})/.exec(msg)?.[1] ?? 0);

describe('browser softphone endpoints (SIP over WebSocket)', () => {
  it('register agentN with the documented password, and refuse a wrong one', async () => {
    const env = ensureAsterisk(INSTANCE);
    const ok = new SipWs();
    await ok.open(env.wsUrl);
    const good = await ok.register('agent1', agentSipPassword('agent1', env), '127.0.0.1');
    expect(good.status).toBe(200);
    expect(good.msg).toMatch(/Contact: <sip:[^>]+transport=ws>/);

    const bad = new SipWs();
    await bad.open(env.wsUrl);
    const refused = await bad.register('agent2', 'wrong-password', '127.0.0.1');
    expect([401, 403]).toContain(refused.status);

    // One registration per agent: a second tab replaces the first instead of ringing both.
    const second = new SipWs();
    await second.open(env.wsUrl);
    const again = await second.register('agent1', agentSipPassword('agent1', env), '127.0.0.1');
    expect(again.status).toBe(200);
    expect(again.msg.match(/^Contact:/gim)).toHaveLength(1);
    expect(again.msg).toContain(second.tag);
    for (const s of [ok, bad, second]) s.close();
  });
});
