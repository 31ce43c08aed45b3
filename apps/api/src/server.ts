/** The API process: reads the configuration, builds the app and listens (ADR 014). */
import { boot } from './boot.ts';

const { app, config, logger } = await boot('api');

// Background jobs (file processing, mails, cleanups) run in this process unless JOBS_ENABLED=false
// (a separate `worker.js` process runs them).
if (config.jobs.enabled) await app.jobs.start();

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
