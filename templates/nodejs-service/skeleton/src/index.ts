import { readConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

/** How long in-flight requests get after the shutdown delay before the process exits anyway. */
const FORCED_EXIT_MS = 10_000;

const config = readConfig();
const logger = createLogger(config.logLevel);

try {
  const server = await startServer({
    port: config.port,
    logger,
    shutdownDelayMs: config.shutdownDelayMs,
  });
  logger.info({ port: server.address.port }, 'listening');

  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('requests still in flight, exiting anyway');
      process.exit(1);
    }, config.shutdownDelayMs + FORCED_EXIT_MS).unref();
    server.shutdown().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      error => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
