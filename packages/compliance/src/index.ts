export * from './types.js';
export { ComplianceConfigError, ComplianceInputError } from './errors.js';
export { evaluateContact, nextAllowedAt, compileContact, searchNextAllowed, unresolvedJurisdictionDecision, ALLOW_RULE_ID, NO_PROFILE_RULE_ID, DEFINITIONS_VERSION, type EvaluateOptions } from './evaluate.js';
export { resolveProfiles, defineProfile, validateProfile, type ProfileOverrides, type ProfilePatch } from './profiles/resolve.js';
export { DEFAULT_PROFILES, DEMO_COUNTRY } from './profiles/defaults.js';
export { holidaysFor, holidayOn, easterSunday, HOLIDAY_COUNTRIES, type Holiday } from './holidays/index.js';
export { describeSchedule } from './rules/window.js';
export { maskPhone } from './mask.js';
export {
  abandonRate,
  abandonBudget,
  rollingAbandonStats,
  strictestAbandonSettings,
  isAbandoned,
  connectDeadline,
  mayStopRinging,
  noRedialUntil,
  DEFAULT_ABANDON,
  type AbandonTally,
  type AbandonCounts,
  type AbandonRate,
  type RollingAbandonStats,
} from './abandon.js';
export { abandonSettingsForPopulation, type PopulationAbandon } from './population.js';
export { checkMessageContent, type ContentCheck, type ContentOptions, type ContentViolation } from './content.js';
export { ComplianceGate, requiredLookbackDays, mergeOverrides, type ComplianceStore, type GatedContact, type GateOptions, type LoadContextQuery } from './gate.js';
export { InMemoryComplianceStore, type DebtorComplianceProfile } from './memory-store.js';
