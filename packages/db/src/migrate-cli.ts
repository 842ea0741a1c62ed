import { connect } from './connect.js';
import { migrateToLatest } from './migrate.js';

const handle = await connect();
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await handle.close();
}
