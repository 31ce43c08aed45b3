/** Reads the configuration, builds the app and listens. Nothing else. */
import pino from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDatabase } from './lib/db.ts';
import { createMailer } from './lib/mailer.ts';
import { createSearch } from './lib/search.ts';
import { createStorage } from './lib/storage.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`API not started. ${error.message}`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const logger = pino({
  level: config.logLevel,
  redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], remove: true },
});
const db = createDatabase({ ...config.database, log: logger });
const search = createSearch(config.meili);
const storage = createStorage(config.s3);
const mailer = createMailer({ ...config.mail, log: logger });
// The embedded S3 and a fresh docker compose start without the bucket; a managed S3 service may
// forbid creating it, which is fine as long as it exists.
await storage
  .ensureBucket()
  .catch((error: unknown) => logger.warn({ err: error }, `could not check or create bucket ${config.s3.bucket}`));
const app = await buildApp({ config, db, search, storage, mailer, logger });

// Background jobs (file processing, hourly cleanups) run in this process unless JOBS_ENABLED=false.
if (config.jobs.enabled) await app.jobs.start();

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await db.destroy();
  storage.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    logger.fatal(`Port ${config.port} is already in use: stop the program using it or set API_PORT.`);
  } else {
    logger.fatal({ err: error }, 'API failed to start');
  }
  process.exit(1);
}
