/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './index.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. (`npm start` runs migrations itself on the embedded PostgreSQL.)');
  process.exit(1);
}
const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
try {
  const results = await migrateToLatest(db);
  for (const r of results ?? []) console.log(`${r.status}: ${r.migrationName}`);
  if (!results?.length) console.log('Database is up to date.');
} finally {
  await db.destroy();
}
