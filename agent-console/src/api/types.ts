// The API's shapes come from the shared TypeBox contracts (packages/contracts/src/api).
export type {
  Account,
  AgentShift,
  AsteriskSipCredentials,
  Campaign,
  DebtorRecord,
  DispositionBody,
  DispositionResponse,
  HistoryItem,
  HistoryResponse,
  LoginResponse,
  Phone,
  PromiseInput,
  SipCredentials,
  User,
} from '@cobranza/contracts/api/index';
