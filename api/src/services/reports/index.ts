// The historical reports (GET /reports/*): queries over the roll-up tables of migration 20261207_0600.
export { contactsReport, contactHoursReport } from './contacts.js';
export { promisesReport } from './promises.js';
export { agentsReport } from './agents.js';
export { abandonReport, abandonSettingsFor } from './abandon.js';
export { reportScope, type ReportScope, type ReportFilters } from './range.js';
