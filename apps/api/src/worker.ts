/**
 * The worker process (ADR 014): background jobs and the search relay, no HTTP. Run one or more
 * next to API processes started with JOBS_ENABLED=false and SEARCH_RELAY=false.
 */
import { boot } from './boot.ts';

const { app, logger } = await boot('worker');
// `ready` starts the search relay (unless SEARCH_RELAY=false) and the public cache's change feed.
await app.ready();
await app.jobs.start();
logger.info('worker started');
