import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the fake received: path and (form or query) parameters. */
export interface FakeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export type FakeAnswer =
  | { status: number; body: unknown }
  /** Never answers (until the server closes). */
  | 'hang';

/**
 * A stand-in for Prometheus' HTTP API over real HTTP, for the router's
 * error paths: each request is answered by `respond`, which tests swap.
 */
export async function startFakePrometheus(
  respond: (request: FakeRequest) => FakeAnswer,
) {
  const requests: FakeRequest[] = [];
  let handler = respond;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', chunk => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const params = Object.fromEntries(
        new URLSearchParams(req.method === 'POST' ? raw : url.search).entries(),
      );
      const request = {
        method: req.method ?? 'GET',
        path: url.pathname,
        params,
        headers: req.headers,
      };
      requests.push(request);
      const answer = handler(request);
      if (answer === 'hang') return;
      const text =
        typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(next: (request: FakeRequest) => FakeAnswer) {
      handler = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

export type FakePrometheus = Awaited<ReturnType<typeof startFakePrometheus>>;

/** A successful matrix answer with one series per label set. */
export function matrix(
  series: Array<{ metric: Record<string, string>; values: [number, string][] }>,
) {
  return {
    status: 200,
    body: { status: 'success', data: { resultType: 'matrix', result: series } },
  };
}

/** A closed port: connecting to it is refused at once. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
