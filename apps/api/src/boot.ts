/**
 * What both entry points share: the configuration read once, the logger, the clients of the
 * outside systems, the app, and a shutdown that finishes in-flight work on SIGINT / SIGTERM.
 * `server.ts` listens for HTTP; `worker.ts` only runs background work (ADR 014).
 */
import pino from 'pino';
import { buildApp, type App } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDatabase } from './lib/db.ts';
import { createMailer } from './lib/mailer.ts';
import { createSearch } from './lib/search.ts';
import { createStorage } from './lib/storage.ts';

export interface Booted {
  app: App;
  config: Config;
  logger: pino.Logger;
}

export async function boot(role: 'api' | 'worker'): Promise<Booted> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${role === 'api' ? 'API' : 'Worker'} not started. ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const logger = pino({
    level: config.logLevel,
    base: { role, pid: process.pid },
    redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], remove: true },
  });
  const db = createDatabase({ ...config.database, log: logger, applicationName: `malle-${role}` });
  const search = createSearch(config.meili);
  const storage = createStorage(config.s3);
  const mailer = createMailer({ ...config.mail, log: logger });
  // The embedded S3 and a fresh docker compose start without the bucket; a managed S3 service may
  // forbid creating it, which is fine as long as it exists. A storage outage at boot is not fatal.
  await storage
    .ensureBucket()
    .catch((error: unknown) => logger.warn({ err: error }, `could not check or create bucket ${config.s3.bucket}`));
  const app = await buildApp({ config, db, search, storage, mailer, logger });

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      await db.destroy();
      storage.destroy();
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
    }
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A bug that escapes every handler is logged; the process then stops so that its supervisor
  // (npm start, docker, systemd) starts a clean one.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection');
  });
  return { app, config, logger };
}
