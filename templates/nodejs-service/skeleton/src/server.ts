import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.js';

export interface ServerOptions {
  port: number;
  logger: Logger;
  shutdownDelayMs: number;
}

export interface RunningServer {
  address: AddressInfo;
  /**
   * Stops taking traffic: /readyz answers 503 at once, so that Kubernetes
   * takes the pod out of the Service, then after the delay the server stops
   * accepting connections and resolves once in-flight requests are done.
   */
  shutdown(): Promise<void>;
}

export async function startServer({
  port,
  logger,
  shutdownDelayMs,
}: ServerOptions): Promise<RunningServer> {
  let shuttingDown: Promise<void> | undefined;
  const app = createApp({ logger, isReady: () => shuttingDown === undefined });

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(port, error => (error ? reject(error) : resolve(listening)));
  });

  const stop = async () => {
    await new Promise(resolve => setTimeout(resolve, shutdownDelayMs));
    await new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    });
  };

  return {
    address: server.address() as AddressInfo,
    shutdown() {
      shuttingDown ??= stop();
      return shuttingDown;
    },
  };
}
