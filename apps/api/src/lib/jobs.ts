/**
 * Background jobs on PostgreSQL (graphile-worker, ADR 011): jobs are rows, added inside the
 * transaction that makes them necessary, so a job exists if and only if its cause was committed.
 *
 * The queue's own protection against a dead worker is a 4-hour lock expiry. Ours (ADR 014): each
 * process that runs workers records them in `job_workers` and beats every few seconds; any
 * process sweeping finds jobs locked by a worker that stopped beating and unlocks them, so the
 * job of a crashed process runs again within half a minute.
 */
import { hostname } from 'node:os';
import { EventEmitter } from 'node:events';
import type { DB } from '@malle/schema/db';
import type { FastifyBaseLogger } from 'fastify';
import { Logger, run, runOnce, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { sql, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';

export type JobName = 'process_blob' | 'cleanup_files' | 'purge_accounts' | 'send_mail' | 'password_reset_mail';

/**
 * Adds a job in the caller's transaction. With a `jobKey`, a pending job with the same key is
 * replaced rather than duplicated (retries and double submissions add one job), and a job that
 * failed for good is given its attempts back.
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
  /** Starts the worker (listens for new jobs, runs the schedule, beats, sweeps). */
  start(): Promise<void>;
  /** Runs every job that is due now, then returns (tests, CLI). */
  runPending(): Promise<void>;
  /** Unlocks the jobs of workers that stopped beating; returns how many workers were swept. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

function loggerFor(log: FastifyBaseLogger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const name = String(level);
    const method = name === 'warning' ? 'warn' : name === 'error' ? 'error' : 'debug';
    log[method]({ job: scope, ...meta }, message);
  });
}

/** Liveness of workers (ADR 014). A worker silent for `staleMs` is considered dead. */
export const JOB_HEARTBEAT = { beatMs: 5000, staleMs: 20_000 } as const;

export function createJobs(options: {
  databaseUrl: string;
  concurrency: number;
  log: FastifyBaseLogger;
  tasks: Record<JobName, TaskList[string]>;
  /** Recurring jobs, in graphile-worker's crontab format. */
  crontab: string;
  heartbeat?: { beatMs: number; staleMs: number };
}): Jobs {
  const { log } = options;
  const heartbeat = options.heartbeat ?? JOB_HEARTBEAT;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.concurrency + 3,
    connectionTimeoutMillis: 3000,
    keepAlive: true,
    application_name: 'malle-jobs',
  });
  // Connections closed by the server (restart) must not crash the process, idle or checked out.
  pool.on('error', (error) => log.warn({ err: error }, 'job queue connection lost'));
  pool.on('connect', (client) => client.on('error', (error) => log.warn({ err: error }, 'job queue connection lost')));

  const processName = `${hostname()}:${process.pid}`;
  const workers = new Set<string>();
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.on('worker:create', ({ worker }) => {
    workers.add(worker.workerId);
    void beat();
  });
  events.on('worker:stop', ({ worker }) => {
    workers.delete(worker.workerId);
    pool.query('delete from job_workers where worker_id = $1', [worker.workerId]).catch(() => undefined);
  });

  async function beat(): Promise<void> {
    if (!workers.size) return;
    try {
      await pool.query(
        `insert into job_workers (worker_id, process, beat_at) select unnest($1::text[]), $2, now()
         on conflict (worker_id) do update set beat_at = now()`,
        [[...workers], processName],
      );
    } catch (error) {
      log.warn({ err: error }, 'job queue: heartbeat failed');
    }
  }

  async function sweep(): Promise<number> {
    const stale = `${Math.round(heartbeat.staleMs)} milliseconds`;
    const { rows } = await pool.query<{ locked_by: string }>(
      `select distinct j.locked_by from graphile_worker.jobs j
        where j.locked_by is not null and j.locked_at < now() - $1::interval
          and not exists (select 1 from job_workers w where w.worker_id = j.locked_by and w.beat_at > now() - $1::interval)`,
      [stale],
    );
    const dead = rows.map((r) => r.locked_by);
    if (dead.length) {
      await pool.query('select graphile_worker.force_unlock_workers($1::text[])', [dead]);
      log.warn({ workers: dead }, 'job queue: unlocked the jobs of workers that stopped');
    }
    await pool.query(`delete from job_workers where beat_at < now() - interval '1 hour'`);
    return dead.length;
  }

  const common = {
    pgPool: pool,
    taskList: options.tasks as TaskList,
    logger: loggerFor(log),
    noHandleSignals: true,
  };
  let runner: Runner | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    async start() {
      if (runner) return;
      runner = await run({
        ...common,
        events,
        concurrency: options.concurrency,
        crontab: options.crontab,
        pollInterval: 2000,
      });
      timer = setInterval(() => {
        void beat().then(() => sweep().catch((error: unknown) => log.warn({ err: error }, 'job queue: sweep failed')));
      }, heartbeat.beatMs);
      timer.unref();
    },
    // graphile-worker's runOnce may return while its last job's completion is still being
    // written: settle until no job is due or held, so that tests see every effect.
    async runPending() {
      for (let round = 0; round < 100; round++) {
        await runOnce(common);
        const { rows } = await pool.query<{ busy: number }>(
          `select count(*)::int as busy from graphile_worker.jobs
            where locked_at is not null or (run_at <= now() and attempts < max_attempts)`,
        );
        if (rows[0]!.busy === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    sweep,
    async stop() {
      clearInterval(timer);
      await runner?.stop();
      runner = undefined;
      await pool.end();
    },
  };
}
