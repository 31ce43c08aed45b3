/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
import { migrateDatabaseAt } from './index.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. (`npm start` runs migrations itself on the embedded PostgreSQL.)');
  process.exit(1);
}
const results = await migrateDatabaseAt(url);
for (const r of results ?? []) console.log(`${r.status}: ${r.migrationName}`);
if (!results?.length) console.log('Database is up to date.');
