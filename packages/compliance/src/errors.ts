/** Bad input to the engine (request, context). `field` is a dotted path into the input. */
export class ComplianceInputError extends Error {
  readonly code = 'COMPLIANCE_BAD_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ComplianceInputError';
  }
}

/** Bad profile configuration. `field` is e.g. "profiles[CO].schedule.mon[0].from". */
export class ComplianceConfigError extends Error {
  readonly code = 'COMPLIANCE_BAD_CONFIG';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ComplianceConfigError';
  }
}
