// A local HTTP server standing in for api.twilio.com: records every request as received and answers like
// the Messages resource (201 with a sid), or with the error a test asks for.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

export class FakeTwilio {
  readonly requests: CapturedRequest[] = [];
  private server: Server | null = null;
  url = '';
  /** Next responses to give (status, body); when empty, a queued message. */
  responses: { status: number; body: unknown }[] = [];
  /** How long each answer takes, as over the Internet (the real API answers in a few hundred ms). */
  latencyMs = 0;
  private seq = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req).then(([status, body]) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = Object.fromEntries(new URLSearchParams(raw));
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], form });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const next = this.responses.shift();
    if (next) return [next.status, next.body];
    const sid = `SM${String(++this.seq).padStart(32, '0')}`;
    return [201, { sid, status: 'queued', to: form.To, body: form.Body, messaging_service_sid: form.MessagingServiceSid ?? null, from: form.From ?? null, date_created: new Date().toUTCString() }];
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
