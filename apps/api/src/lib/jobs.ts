/**
 * Background jobs on PostgreSQL (graphile-worker, ADR 011): jobs are rows, added inside the
 * transaction that makes them necessary, so a job exists if and only if its cause was committed.
 */
import type { DB } from '@malle/schema/db';
import type { FastifyBaseLogger } from 'fastify';
import { Logger, run, runOnce, type Runner, type TaskList } from 'graphile-worker';
import { sql, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';

export type JobName = 'process_blob' | 'cleanup_files' | 'purge_accounts';

/**
 * Adds a job in the caller's transaction. With a `jobKey`, a pending job with the same key is
 * replaced rather than duplicated (retries and double submissions add one job).
 */
export async function enqueueJob(
  db: Kysely<DB> | Transaction<DB>,
  task: JobName,
  payload: Record<string, unknown>,
  options: { jobKey?: string; maxAttempts?: number } = {},
): Promise<void> {
  await sql`select graphile_worker.add_job(
    ${task}::text,
    ${JSON.stringify(payload)}::json,
    job_key => ${options.jobKey ?? null}::text,
    max_attempts => ${options.maxAttempts ?? 10}::int
  )`.execute(db);
}

export interface Jobs {
  /** Starts the worker (listens for new jobs, runs the hourly schedule). */
  start(): Promise<void>;
  /** Runs every job that is due now, then returns (tests, CLI). */
  runPending(): Promise<void>;
  stop(): Promise<void>;
}

function loggerFor(log: FastifyBaseLogger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const name = String(level);
    const method = name === 'warning' ? 'warn' : name === 'error' ? 'error' : 'debug';
    log[method]({ job: scope, ...meta }, message);
  });
}

export function createJobs(options: {
  databaseUrl: string;
  concurrency: number;
  log: FastifyBaseLogger;
  tasks: Record<JobName, TaskList[string]>;
  /** Recurring jobs, in graphile-worker's crontab format. */
  crontab: string;
}): Jobs {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 2 });
  // An idle connection closed by the server (restart, database dropped) must not crash the process.
  pool.on('error', (error) => options.log.warn({ err: error }, 'job queue connection lost'));
  const common = {
    pgPool: pool,
    taskList: options.tasks as TaskList,
    logger: loggerFor(options.log),
    noHandleSignals: true,
  };
  let runner: Runner | undefined;
  return {
    async start() {
      runner ??= await run({ ...common, concurrency: options.concurrency, crontab: options.crontab, pollInterval: 2000 });
    },
    runPending: () => runOnce(common),
    async stop() {
      await runner?.stop();
      runner = undefined;
      await pool.end();
    },
  };
}
