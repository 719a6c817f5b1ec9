import { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';

/** A started double. */
export interface RunningDouble {
  /** Base URL, e.g. http://127.0.0.1:7090 (with the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 picks a free port). */
export async function listen(
  handler: RequestListener,
  port: number,
  host: string,
): Promise<RunningDouble> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost =
    address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        // Keep-alive connections from clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
