import { type Static, Type } from '@sinclair/typebox';
import { StringEnum } from './common.js';

export const DependencyHealth = Type.Object({
  status: StringEnum(['ok', 'down', 'not_configured', 'not_running'] as const),
  required: Type.Boolean(),
  kind: Type.Optional(Type.String({ description: 'e.g. postgres | pglite, redis | in-process' })),
  latencyMs: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type DependencyHealth = Static<typeof DependencyHealth>;

export const HealthResponse = Type.Object({
  status: StringEnum(['ok', 'degraded'] as const),
  version: Type.String(),
  uptimeSeconds: Type.Number(),
  dependencies: Type.Record(Type.String(), DependencyHealth),
});
export type HealthResponse = Static<typeof HealthResponse>;
