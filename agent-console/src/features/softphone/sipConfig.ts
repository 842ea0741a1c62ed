// Where the softphone registers: the endpoint, domain, WebSocket URL and password come from the API
// (GET /auth/sip, computed with asterisk-config's own function), never derived in the page.
import type { AsteriskSipCredentials, User } from '../../api/types.js';

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
  /** A second platform (or the e2e test run) on the same Asterisk under its own Stasis app name. */
  app?: string;
}

declare global {
  interface Window {
    __COBRANZA_SIP__?: RuntimeSipSettings;
  }
}

export function sipConfigFor(user: User, creds: AsteriskSipCredentials, settings: RuntimeSipSettings = {}): SipConfig {
  const login = user.role === 'agent' ? 'agent-login' : 'supervisor-login';
  return {
    wsUrl: creds.wsUrl,
    uri: `sip:${creds.endpoint}@${creds.domain}`,
    password: creds.password,
    displayName: user.name,
    loginExtension: `sip:${login}@${creds.domain}`,
    ...(settings.app ? { app: settings.app } : {}),
  };
}
