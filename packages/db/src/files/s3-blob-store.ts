// The BlobStore over an S3-compatible object store (AWS S3, MinIO, Ceph RGW...), path-style
// (<endpoint>/<bucket>/<key>), requests signed with AWS Signature V4 (aws4). S3 replaces an object whole on PUT,
// so a reader sees the old bytes or the new ones, as the folder adapter's rename gives. Tested against s3rver,
// a local server that speaks the protocol (packages/db/test/s3-blob-store.test.ts).
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import aws4 from 'aws4';
import { type BlobStore, checkFileKey, StoredFileNotFoundError } from './blob-store.js';

export interface S3Options {
  /** The service's base URL, e.g. http://minio:9000 or https://s3.eu-west-1.amazonaws.com */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class S3BlobStore implements BlobStore {
  private readonly base: URL;
  private readonly mod: typeof http | typeof https;
  constructor(private readonly o: S3Options) {
    this.base = new URL(o.endpoint);
    this.mod = this.base.protocol === 'https:' ? https : http;
    if (!/^[a-z0-9][a-z0-9.-]{1,62}$/.test(o.bucket)) throw new Error(`S3 bucket "${o.bucket}": not a valid bucket name`);
  }

  /** Sends one signed request; resolves with the response (the caller reads or drains it). */
  private send(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<http.IncomingMessage> {
    const basePath = this.base.pathname.replace(/\/+$/, '');
    const signed = aws4.sign(
      { host: this.base.host, method, path: `${basePath}${path}`, service: 's3', region: this.o.region, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }, body },
      { accessKeyId: this.o.accessKeyId, secretAccessKey: this.o.secretAccessKey },
    );
    return new Promise((resolve, reject) => {
      const req = this.mod.request({ protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port, method, path: signed.path, headers: signed.headers as http.OutgoingHttpHeaders }, resolve);
      req.setTimeout(30_000, () => req.destroy(new Error(`S3 ${method} ${path}: no answer within 30 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  private async text(res: http.IncomingMessage): Promise<string> {
    const parts: Buffer[] = [];
    for await (const c of res) parts.push(c as Buffer);
    return Buffer.concat(parts).toString('utf8');
  }

  private async fail(what: string, res: http.IncomingMessage): Promise<never> {
    const body = await this.text(res);
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? res.statusMessage ?? '';
    throw new Error(`S3 ${what}: HTTP ${res.statusCode} ${code}`);
  }

  private objectPath(key: string): string {
    return `/${this.o.bucket}/${checkFileKey(key)}`;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const res = await this.send('PUT', this.objectPath(key), data, { 'content-type': 'application/octet-stream' });
    if (res.statusCode !== 200) return this.fail(`put ${key}`, res);
    res.resume();
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const res = await this.send('GET', this.objectPath(key));
    if (res.statusCode === 404) {
      res.resume();
      throw new StoredFileNotFoundError(key);
    }
    if (res.statusCode !== 200) return this.fail(`get ${key}`, res);
    return { stream: res, size: Number(res.headers['content-length'] ?? 0) };
  }

  async exists(key: string): Promise<boolean> {
    const res = await this.send('HEAD', this.objectPath(key));
    res.resume();
    if (res.statusCode === 404) return false;
    if (res.statusCode !== 200) throw new Error(`S3 head ${key}: HTTP ${res.statusCode}`);
    return true;
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', this.objectPath(key));
    if (res.statusCode !== 204 && res.statusCode !== 200 && res.statusCode !== 404) return this.fail(`delete ${key}`, res);
    res.resume();
  }

  async list(prefix: string): Promise<string[]> {
    // the prefix's folder part must be a valid key (no climbing out, as in the folder adapter)
    const cut = prefix.lastIndexOf('/');
    if (cut >= 0) checkFileKey(prefix.slice(0, cut));
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) });
      const res = await this.send('GET', `/${this.o.bucket}/?${q.toString()}`);
      if (res.statusCode !== 200) return this.fail(`list ${prefix}`, res);
      const xml = await this.text(res);
      for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(unescapeXml(m[1]!));
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? unescapeXml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') || undefined : undefined;
    } while (token);
    return keys.sort();
  }
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

/** FILE_STORE_S3_URL=http://host:9000/<bucket> (with FILE_STORE_S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). */
export function s3OptionsFromEnv(env: Record<string, string | undefined>): S3Options | null {
  const raw = env.FILE_STORE_S3_URL?.trim();
  if (!raw) return null;
  const u = new URL(raw);
  const bucket = u.pathname.replace(/^\/+|\/+$/g, '');
  if (!bucket || bucket.includes('/')) throw new Error('FILE_STORE_S3_URL must name one bucket: http://host:port/<bucket>');
  const accessKeyId = env.FILE_STORE_S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.FILE_STORE_S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('FILE_STORE_S3_URL is set but no credentials (FILE_STORE_S3_ACCESS_KEY_ID / FILE_STORE_S3_SECRET_ACCESS_KEY or AWS_*)');
  return { endpoint: `${u.protocol}//${u.host}`, bucket, region: env.FILE_STORE_S3_REGION ?? env.AWS_REGION ?? 'us-east-1', accessKeyId, secretAccessKey };
}
