// Where the softphone registers. The user's SIP endpoint comes from the API (users.sip_endpoint);
// the WebSocket URL and the password scheme follow asterisk-config (endpoint agent7 has password
// "<prefix>agent7", prefix "cobranza-" by default) unless the page is given a runtime config.
import type { User } from '../../api/types.js';

export interface SipConfig {
  wsUrl: string;
  uri: string;
  password: string;
  displayName: string;
  /** Extension that opens the permanent channel into the dialer's Stasis app. */
  loginExtension: string;
  /** Stasis application to join (SIP header X-Cobranza-App); unset = Asterisk's default app. */
  app?: string;
}

export interface RuntimeSipSettings {
  wsUrl?: string;
  domain?: string;
  passwordPrefix?: string;
  /** A second platform (or a test run) on the same Asterisk under its own Stasis app name. */
  app?: string;
}

declare global {
  interface Window {
    __COBRANZA_SIP__?: RuntimeSipSettings;
  }
}

export function sipConfigFor(user: User, settings: RuntimeSipSettings = {}, loc: { hostname: string } = location): SipConfig | null {
  if (!user.sipEndpoint) return null;
  const host = loc.hostname || '127.0.0.1';
  const domain = settings.domain ?? host;
  const login = user.role === 'agent' ? 'agent-login' : 'supervisor-login';
  return {
    wsUrl: settings.wsUrl ?? `ws://${host}:8088/ws`,
    uri: `sip:${user.sipEndpoint}@${domain}`,
    password: `${settings.passwordPrefix ?? 'cobranza-'}${user.sipEndpoint}`,
    displayName: user.name,
    loginExtension: `sip:${login}@${domain}`,
    ...(settings.app ? { app: settings.app } : {}),
  };
}
