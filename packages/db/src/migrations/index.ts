import type { Migration } from 'kysely';
import * as m0001 from './20261123_0001_init.js';
import * as m1640 from './20261123_1640_compliance_preferences.js';
import * as m1735 from './20261123_1735_search_indexes.js';
import * as m1745 from './20261123_1745_name_search.js';
import * as m2100 from './20261123_2100_lean_debtor_indexes.js';
import * as m20261207_0300 from './20261207_0300_campaign_agents.js';
import * as m20261207_0500 from './20261207_0500_job_runs.js';
import * as m20261207_0600 from './20261207_0600_report_rollups.js';
import * as m20261207_0610 from './20261207_0610_report_fast_paths.js';
import * as m20261207_0800 from './20261207_0800_import_kind.js';
import * as m20261207_0900 from './20261207_0900_callbacks_due.js';
import * as m20261207_1400 from './20261207_1400_campaign_leases.js';
import * as m20261207_1630 from './20261207_1630_stored_files.js';

// Static list (not a folder scan) so migrations run the same under tsx, vitest and a bundler.
export const migrations: Record<string, Migration> = {
  '20261123_0001_init': m0001,
  '20261123_1640_compliance_preferences': m1640,
  '20261123_1735_search_indexes': m1735,
  '20261123_1745_name_search': m1745,
  '20261123_2100_lean_debtor_indexes': m2100,
  '20261207_0300_campaign_agents': m20261207_0300,
  '20261207_0500_job_runs': m20261207_0500,
  '20261207_0600_report_rollups': m20261207_0600,
  '20261207_0610_report_fast_paths': m20261207_0610,
  '20261207_0800_import_kind': m20261207_0800,
  '20261207_0900_callbacks_due': m20261207_0900,
  '20261207_1400_campaign_leases': m20261207_1400,
  '20261207_1630_stored_files': m20261207_1630,
};
