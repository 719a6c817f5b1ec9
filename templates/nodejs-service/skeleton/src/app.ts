import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { errorHandler, notFound } from './errors.js';
import { createItemsRouter, ItemStore } from './items.js';
import { createHttpMetrics } from './metrics.js';

/** Served as is at /openapi.yaml; the catalog's API entity reads the same file. */
const OPENAPI_PATH = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

/** Probes and scrapes are frequent and uninteresting in the request log. */
const QUIET_PATHS = new Set(['${{ values.livenessPath }}', '${{ values.readinessPath }}', '${{ values.metricsPath }}']);

export interface AppOptions {
  logger: Logger;
  /** False once the service is shutting down, so that /readyz turns it away. */
  isReady: () => boolean;
}

export function createApp({ logger, isReady }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  const metrics = createHttpMetrics();
  app.use(metrics.middleware);
  app.use(pinoHttp({ logger, autoLogging: { ignore: req => QUIET_PATHS.has(req.url ?? '') } }));
  app.use(express.json({ limit: '100kb' }));

  app.get('${{ values.livenessPath }}', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('${{ values.readinessPath }}', (_req, res) => {
    if (isReady()) {
      res.json({ status: 'ready' });
    } else {
      res.status(503).json({ status: 'shutting down' });
    }
  });
  app.get('${{ values.metricsPath }}', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').sendFile(OPENAPI_PATH);
  });

  app.use(createItemsRouter(new ItemStore()));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
