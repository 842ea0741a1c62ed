// `import { LoginBody } from '@cobranza/contracts/api'`
export * from './api/index.js';
