import type { DB } from '@malle/schema/db';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

export type Database = Kysely<DB>;

// Return int8 (e.g. count(*)) as numbers: counts here never exceed 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** One pool per process. */
export function createDatabase(options: { url: string; poolMax: number }): Database {
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: options.url, max: options.poolMax, connectionTimeoutMillis: 5000 }),
    }),
  });
}
