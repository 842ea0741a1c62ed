// Security headers on every answer (@fastify/helmet): a Content-Security-Policy that still lets the console,
// its Socket.IO channel, the softphone's WebSocket to Asterisk and the /docs page work; nosniff; no framing;
// HSTS only when the deployment is behind TLS (COOKIE_SECURE), or a plain-HTTP install would lock itself out.
import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';

/** The softphone's WebSocket when SIP_WS_URL is unset: the host the console was loaded from, port 8088. */
export const defaultSipWsUrl = (hostname: string): string => `ws://${hostname}:8088/ws`;

const hostnameOf = (req: IncomingMessage): string => (req.headers.host ?? 'localhost').replace(/:\d+$/, '');

/** Where the console may connect: itself (HTTP, Socket.IO over ws/wss) and the SIP WebSocket. */
export function connectSources(req: IncomingMessage, config: Pick<Config, 'sip'>): string {
  const host = req.headers.host ?? 'localhost';
  const sip = new URL(config.sip.wsUrl ?? defaultSipWsUrl(hostnameOf(req)));
  // 'self' does not cover ws: in every browser, so the channel's own origin is named too
  return ["'self'", `ws://${host}`, `wss://${host}`, `${sip.protocol}//${sip.host}`].join(' ');
}

export async function installSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // React and Swagger UI set style attributes; no inline script is allowed
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        // the softphone plays remote audio from a MediaStream, IVR prompt previews from the API
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: [(req) => connectSources(req, config)],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    hsts: config.cookieSecure ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
    // the console loads nothing cross-origin; COEP would only get in the way of a future CDN
    crossOriginEmbedderPolicy: false,
  });
}
