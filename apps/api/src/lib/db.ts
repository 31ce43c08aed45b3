import type { DB } from '@malle/schema/db';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

export type Database = Kysely<DB>;

// Return int8 (e.g. count(*)) as numbers: counts here never exceed 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** One pool per process. */
export function createDatabase(options: { url: string; poolMax: number }): Database {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolMax, connectionTimeoutMillis: 5000 });
  // An idle connection closed by the server (restart, failover, a test database dropped while the
  // pool winds down) is emitted on the pool; without a listener that crashes the process. The pool
  // has already discarded the connection, and the next query opens a fresh one.
  pool.on('error', () => undefined);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
