/*
 * What the benchmarks that read a plugin over HTTP share: a backend started
 * with startTestBackend, quiet, and requests to it.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { Server } from 'node:http';

/**
 * The services a benchmark's backend needs but does not measure: a logger
 * of warnings only, and notifications that go nowhere.
 */
export function quietServices() {
  return [
    mockServices.rootLogger.factory({ level: 'warn' }),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({ send: async () => {} }),
    }),
  ];
}

/** The backend's address followed by `path`, e.g. `/api/courses`. */
export function backendUrl(server: Server, path: string): string {
  const { port } = server.address() as { port: number };
  return `http://localhost:${port}${path}`;
}

/** The JSON answer to `base` + `path`; an error status throws, with the body. */
export async function fetchJson(
  base: string,
  path: string,
  init: RequestInit,
): Promise<any> {
  const response = await fetch(`${base}${path}`, init);
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/** Stops a backend that startTestBackend started. */
export function closeServer(server: Server): Promise<void> {
  return new Promise(resolve => server.close(() => resolve()));
}

/**
 * Runs a benchmark that starts backends, and exits when it is done:
 * startTestBackend leaves the backends' schedulers running.
 */
export function runBenchmark(main: () => Promise<void>) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    error => {
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
