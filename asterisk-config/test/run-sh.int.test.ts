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
const status = (msg: string) => Number(/^SIP\/2.0 (\d{3})/.exec(msg)?.[1] ?? 0);
const header = (msg: string, name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(msg)?.[1]?.trim() ?? '';

class SipWs {
  private ws!: WebSocket;
  private readonly inbox: string[] = [];
  private waiter: ((m: string) => void) | undefined;
  readonly tag = randomBytes(4).toString('hex');
  private cseq = 1;

  constructor(
    private readonly user: string,
    private readonly password: string,
    private readonly host = '127.0.0.1',
  ) {}

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

  private next(): Promise<string> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no SIP message within 5 s')), 5000);
      this.waiter = (msg) => {
        clearTimeout(t);
        resolve(msg);
      };
    });
  }

  /** Next final response (skips 1xx). */
  private async final(): Promise<string> {
    for (;;) {
      const m = await this.next();
      if (status(m) >= 200) return m;
    }
  }

  private send(lines: string[], body = ''): void {
    this.ws.send([...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));
  }

  /** Sends a request, answers the digest challenge, returns the final response. */
  async request(method: 'REGISTER' | 'INVITE', ruri: string, extra: string[], body = ''): Promise<{ status: number; msg: string; callId: string; cseq: number; branch: string }> {
    const callId = randomBytes(8).toString('hex');
    let auth: string | undefined;
    for (let round = 0; round < 2; round++) {
      const cseq = this.cseq++;
      const branch = `z9hG4bK${randomBytes(6).toString('hex')}`;
      this.send(
        [
          `${method} ${ruri} SIP/2.0`,
          `Via: SIP/2.0/WS ${this.tag}.invalid;branch=${branch}`,
          'Max-Forwards: 70',
          `To: <${method === 'REGISTER' ? `sip:${this.user}@${this.host}` : ruri}>`,
          `From: <sip:${this.user}@${this.host}>;tag=${this.tag}`,
          `Call-ID: ${callId}`,
          `CSeq: ${cseq} ${method}`,
          `Contact: <sip:${this.tag}@${this.tag}.invalid;transport=ws>${method === 'REGISTER' ? ';expires=60' : ''}`,
          ...extra,
          ...(auth ? [`Authorization: ${auth}`] : []),
        ],
        body,
      );
      const msg = await this.final();
      if (method === 'INVITE' && status(msg) >= 300) this.ackError(ruri, msg, branch);
      if (status(msg) !== 401 || round === 1) return { status: status(msg), msg, callId, cseq, branch };
      const h = header(msg, 'WWW-Authenticate').replace(/^Digest\s+/i, '');
      const param = (k: string) => new RegExp(`${k}="?([^",]+)"?`).exec(h)?.[1] ?? '';
      const [realm, nonce, qop] = [param('realm'), param('nonce'), param('qop')];
      const cnonce = randomBytes(4).toString('hex');
      const ha1 = md5(`${this.user}:${realm}:${this.password}`);
      const ha2 = md5(`${method}:${ruri}`);
      const response = qop ? md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
      auth =
        `Digest username="${this.user}", realm="${realm}", nonce="${nonce}", uri="${ruri}", response="${response}", algorithm=MD5` +
        (qop ? `, qop=auth, nc=00000001, cnonce="${cnonce}"` : '');
    }
    throw new Error('unreachable');
  }

  /** ACK for a non-2xx final answer to an INVITE (same transaction). */
  private ackError(ruri: string, msg: string, branch: string): void {
    this.send([
      `ACK ${ruri} SIP/2.0`,
      `Via: SIP/2.0/WS ${this.tag}.invalid;branch=${branch}`,
      'Max-Forwards: 70',
      `To: ${header(msg, 'To')}`,
      `From: ${header(msg, 'From')}`,
      `Call-ID: ${header(msg, 'Call-ID')}`,
      `CSeq: ${header(msg, 'CSeq').split(' ')[0]} ACK`,
    ]);
  }

  /** ACK for the 200 OK of an INVITE (new transaction, to the remote target). */
  ack200(msg: string): void {
    const target = /<([^>]+)>/.exec(header(msg, 'Contact'))?.[1] ?? '';
    this.send([
      `ACK ${target} SIP/2.0`,
      `Via: SIP/2.0/WS ${this.tag}.invalid;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `To: ${header(msg, 'To')}`,
      `From: ${header(msg, 'From')}`,
      `Call-ID: ${header(msg, 'Call-ID')}`,
      `CSeq: ${header(msg, 'CSeq').split(' ')[0]} ACK`,
    ]);
  }

  close(): void {
    this.ws.close();
  }
}

/** The SDP offer a browser makes: DTLS-SRTP, ICE, rtcp-mux, Opus first. */
function browserOffer(): string {
  const fp = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  return [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    // As JsSIP sends it, after ICE gathering: the candidate's address in c= (0.0.0.0 would read as "hold").
    'm=audio 50123 UDP/TLS/RTP/SAVPF 111 0 126',
    'c=IN IP4 127.0.0.1',
    'a=rtcp:50123 IN IP4 127.0.0.1',
    'a=candidate:1 1 udp 2122260223 127.0.0.1 50123 typ host',
    `a=ice-ufrag:${randomBytes(3).toString('hex')}`,
    `a=ice-pwd:${randomBytes(12).toString('hex')}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fp}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:126 telephone-event/8000',
    '',
  ].join('\r\n');
}

describe('browser softphone endpoints (SIP over WebSocket)', () => {
  it('register agentN with the documented password, and refuse a wrong one', async () => {
    const env = ensureAsterisk(INSTANCE);
    const ok = new SipWs('agent1', agentSipPassword('agent1', env));
    await ok.open(env.wsUrl);
    const good = await ok.request('REGISTER', 'sip:127.0.0.1', ['Expires: 60']);
    expect(good.status).toBe(200);
    expect(good.msg).toMatch(/Contact: <sip:[^>]+transport=ws>/);

    const bad = new SipWs('agent2', 'wrong-password');
    await bad.open(env.wsUrl);
    const refused = await bad.request('REGISTER', 'sip:127.0.0.1', ['Expires: 60']);
    expect([401, 403]).toContain(refused.status);

    // One registration per agent: a second tab replaces the first instead of ringing both.
    const second = new SipWs('agent1', agentSipPassword('agent1', env));
    await second.open(env.wsUrl);
    const again = await second.request('REGISTER', 'sip:127.0.0.1', ['Expires: 60']);
    expect(again.status).toBe(200);
    expect(again.msg.match(/^Contact:/gim)).toHaveLength(1);
    expect(again.msg).toContain(second.tag);
    for (const s of [ok, bad, second]) s.close();
  });

  it('agent-login with a browser offer is answered with DTLS-SRTP + ICE + Opus and enters the Stasis app as [agent, agentN]', async () => {
    const env = ensureAsterisk(INSTANCE);
    const app = `cfg-test-${randomBytes(3).toString('hex')}`;
    const events = new WebSocket(
      `${env.ariUrl.replace('http', 'ws')}/ari/events?app=${app}&api_key=${encodeURIComponent(`${env.ariUser}:${env.ariPassword}`)}`,
    );
    await new Promise<void>((resolve, reject) => {
      events.once('open', () => resolve());
      events.once('error', reject);
    });
    const stasisStart = new Promise<{ args: string[]; channel: { id: string; name: string } }>((resolve) =>
      events.on('message', (d) => {
        const e = JSON.parse(d.toString()) as { type: string; args: string[]; channel: { id: string; name: string } };
        if (e.type === 'StasisStart') resolve(e);
      }),
    );
    const phone = new SipWs('agent2', agentSipPassword('agent2', env));
    await phone.open(env.wsUrl);
    const answer = await phone.request('INVITE', 'sip:agent-login@127.0.0.1', [`X-Cobranza-App: ${app}`, 'Content-Type: application/sdp'], browserOffer());
    expect(answer.status).toBe(200);
    phone.ack200(answer.msg);
    const sdp = answer.msg.slice(answer.msg.indexOf('\r\n\r\n') + 4);
    expect(sdp).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111/m);
    expect(sdp).toMatch(/^a=rtpmap:111 opus\/48000\/2/m);
    expect(sdp).toMatch(/^a=fingerprint:sha-256 [0-9A-F:]+/im);
    expect(sdp).not.toMatch(/^a=(recvonly|sendonly|inactive)/m);
    expect(sdp).toMatch(/^a=setup:(active|passive)/m);
    expect(sdp).toMatch(/^a=ice-ufrag:/m);
    expect(sdp).toMatch(/^a=candidate:/m);
    expect(sdp).toMatch(/^a=rtcp-mux/m);
    const start = await stasisStart;
    expect(start.args).toEqual(['agent', 'agent2']);
    expect(start.channel.name).toMatch(/^PJSIP\/agent2-/);
    const auth = 'Basic ' + Buffer.from(`${env.ariUser}:${env.ariPassword}`).toString('base64');
    const del = await fetch(`${env.ariUrl}/ari/channels/${start.channel.id}`, { method: 'DELETE', headers: { authorization: auth } });
    expect(del.status).toBe(204);
    phone.close();
    events.close();
  });
});
