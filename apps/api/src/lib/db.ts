import type { DB } from '@malle/schema/db';
import {
  Kysely,
  PostgresDialect,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { DependencyUnavailable, isNetworkError } from './dependencies.ts';

export type Database = Kysely<DB>;

/** What repositories take as their first argument: the database, or a transaction on it. */
export type Executor = Database | Transaction<DB>;

// Return int8 (e.g. count(*)) as numbers: counts here never exceed 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  /** Server-side limit of one statement; the client gives up shortly after (a frozen server). */
  statementTimeoutMs?: number;
  /** Waiting for a connection (opening one, or a free one in the pool). */
  connectTimeoutMs?: number;
  /** Named in pg_stat_activity, so that an operator sees who holds what. */
  applicationName?: string;
  log?: { warn(obj: object, msg: string): void };
}

/** Defaults for request-serving processes (ADR 014): an outage answers 503 within seconds. */
export const DATABASE_TIMEOUTS = { statementMs: 5000, connectMs: 3000 } as const;

// SQLSTATE codes meaning the server is going away, refusing connections or cancelling our work.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '25P03']);
// Messages of node-postgres for a connection that is gone or never came.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Client was closed',
  'Connection ended',
];

/** True for a lost, refused or timed-out connection, as opposed to an error in the query itself. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof DependencyUnavailable) return true;
  if (isNetworkError(error)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

function unavailable(error: unknown): unknown {
  return isConnectionFailure(error) && !(error instanceof DependencyUnavailable)
    ? new DependencyUnavailable('database', error)
    : error;
}

/**
 * The pool as Kysely sees it, made safe for outages (ADR 014):
 * - a connection the server terminates while it is checked out would emit an `'error'` that
 *   nothing handles and crash the process: every connection gets a permanent listener;
 * - a connection whose query failed at the connection level (timeout, reset) is destroyed on
 *   release instead of going back to the pool, where it would block the next caller;
 * - such failures become `DependencyUnavailable('database')`, which the API answers with 503.
 */
function resilientPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, { client: PostgresPoolClient; broken: boolean }>();
  return {
    async connect() {
      let raw: pg.PoolClient;
      try {
        raw = await pool.connect();
      } catch (error) {
        throw unavailable(error);
      }
      let entry = wrappers.get(raw);
      if (!entry) {
        const state = { broken: false } as { client: PostgresPoolClient; broken: boolean };
        state.client = {
          query: ((sqlOrCursor: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) => {
            if (typeof sqlOrCursor !== 'string') return raw.query(sqlOrCursor as never);
            return raw.query(sqlOrCursor, parameters as unknown[]).catch((error: unknown) => {
              if (isConnectionFailure(error)) state.broken = true;
              throw unavailable(error);
            });
          }) as unknown as PostgresPoolClient['query'],
          release: () => raw.release(state.broken ? new Error('connection dropped after a connection failure') : undefined),
        };
        entry = state;
        wrappers.set(raw, entry);
      }
      entry.broken = false;
      return entry.client;
    },
    end: () => pool.end(),
  };
}

/** One pool per process. */
export function createDatabase(options: DatabaseOptions): Database {
  const statementMs = options.statementTimeoutMs ?? DATABASE_TIMEOUTS.statementMs;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DATABASE_TIMEOUTS.connectMs,
    // The server cancels a statement that runs too long; the client stops waiting a little later,
    // which is what ends the wait when the server is frozen and cannot cancel anything.
    statement_timeout: statementMs,
    query_timeout: statementMs + 1000,
    // A transaction left open by a bug must not hold locks and a connection forever.
    idle_in_transaction_session_timeout: Math.max(10_000, statementMs * 2),
    keepAlive: true,
    application_name: options.applicationName ?? 'malle-api',
  });
  const warn = (error: unknown, msg: string) => options.log?.warn({ err: error }, msg);
  // An idle connection closed by the server (restart, failover): the pool has discarded it.
  pool.on('error', (error) => warn(error, 'database: idle connection lost'));
  // A checked-out connection closed by the server: its next query fails and it is destroyed.
  pool.on('connect', (client) => client.on('error', (error) => warn(error, 'database: connection lost')));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: resilientPool(pool) }) });
}
