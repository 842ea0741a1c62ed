import { ensureAsterisk, type AsteriskEnv } from '@cobranza/asterisk-config';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    asterisk: AsteriskEnv;
  }
}

export default function setup(project: TestProject): void {
  project.provide('asterisk', ensureAsterisk());
}
