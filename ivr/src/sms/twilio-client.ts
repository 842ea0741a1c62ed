// The Twilio REST client, optionally pointed at another base URL (a local server standing in for
// api.twilio.com in tests, or a regional proxy): a RequestClient that rewrites the host of every request.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient.js';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Sender: a Messaging Service (preferred: Twilio picks the number) or a From number. */
  messagingServiceSid?: string;
  from?: string;
  /** e.g. http://127.0.0.1:4010 — replaces https://<product>.twilio.com in every request. */
  baseUrl?: string;
  /** Public URL of the platform's status callback route (api/src/routes/twilio.ts). */
  statusCallbackUrl?: string;
}

class BaseUrlRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 10_000 });
  }
  override request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, this.baseUrl.replace(/\/$/, '')) });
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

export function createTwilioClient(cfg: TwilioConfig): TwilioClient {
  return twilio(cfg.accountSid, cfg.authToken, cfg.baseUrl ? { httpClient: new BaseUrlRequestClient(cfg.baseUrl) } : {});
}
