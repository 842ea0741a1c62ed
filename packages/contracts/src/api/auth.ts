import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../enums.js';
import { IsoDateTime, Nullable, StringEnum, Uuid } from './common.js';

export const LoginBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: StringEnum(ROLES),
  sipEndpoint: Nullable(Type.String()),
  locale: Type.String(),
  active: Type.Boolean(),
  createdAt: IsoDateTime,
});
export type User = Static<typeof User>;

export const LoginResponse = Type.Object({
  /** Also set as the HttpOnly `cobranza_session` cookie; scripts send it as `Authorization: Bearer <token>`. */
  token: Type.String(),
  expiresAt: IsoDateTime,
  user: User,
});
export type LoginResponse = Static<typeof LoginResponse>;

/** What the browser softphone registers with: computed by the API, never derived in the page. */
export const AsteriskSipCredentials = Type.Object({
  telephony: Type.Optional(Type.Literal('asterisk')),
  endpoint: Type.String(),
  /** SIP domain of the registrar (the URI is sip:<endpoint>@<domain>). */
  domain: Type.String(),
  /** SIP over WebSocket (ws:// in development, wss:// in production). */
  wsUrl: Type.String(),
  password: Type.String(),
});
export type AsteriskSipCredentials = Static<typeof AsteriskSipCredentials>;

/** No Asterisk behind this platform (`npm start`'s demo): the dialer simulates the agents' channels. */
export const SimulatedTelephony = Type.Object({ telephony: Type.Literal('simulated') });

export const SipCredentials = Type.Union([AsteriskSipCredentials, SimulatedTelephony]);
export type SipCredentials = Static<typeof SipCredentials>;

export const Password = Type.String({ minLength: 10, maxLength: 200, description: 'at least 10 characters' });

export const UserCreate = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Password,
    role: StringEnum(ROLES),
    sipEndpoint: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }))),
    locale: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' })),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(Password),
    role: Type.Optional(StringEnum(ROLES)),
    sipEndpoint: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }))),
    locale: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserUpdate = Static<typeof UserUpdate>;
