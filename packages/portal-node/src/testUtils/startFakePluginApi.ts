import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the fake plugin API received. */
export interface RecordedRequest {
  method: string;
  /** Relative to the plugin's base URL, e.g. `/environments`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
}

export interface FakePluginApi {
  /** What discovery answers for the plugin. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces how the fake answers. */
  respondWith(handler: (request: RecordedRequest) => FakeResponse): void;
  close(): Promise<void>;
}

/** An error body as Backstage backends send it. */
export function errorBody(status: number, name: string, message: string) {
  return { error: { name, message }, response: { statusCode: status } };
}

/**
 * A stand-in for a backend plugin's REST API on a local port, recording what
 * it receives and answering with `handler`: for modules that call another
 * plugin over HTTP (through discovery), tested without that plugin.
 */
export async function startFakePluginApi(
  pluginId: string,
  handler: (request: RecordedRequest) => FakeResponse = () => ({
    status: 404,
  }),
): Promise<FakePluginApi> {
  const pluginPath = `/api/${pluginId}`;
  let respond = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '').slice(pluginPath.length),
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(request);
      const { status, body } = respond(request);
      if (body === undefined) {
        res.writeHead(status).end();
        return;
      }
      res
        .writeHead(status, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${pluginPath}`,
    requests,
    respondWith(next) {
      respond = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}
