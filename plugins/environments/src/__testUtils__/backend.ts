import {
  ConfigDiff,
  ConfigEntry,
  Environment,
  EnvironmentLock,
  EnvironmentMatrix,
  FreezeWindow,
  AuditPage,
} from '@internal/plugin-environments-common';
import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { aMatrix, ENVIRONMENTS_API_URL, environments } from './fixtures';

/** A request the fake backend received. */
export interface ReceivedRequest {
  method: string;
  /** The path below /api/environments, e.g. `/matrix`. */
  path: string;
  params: URLSearchParams;
  body?: any;
}

export interface FakeBackendData {
  environments?: Environment[];
  matrix?: EnvironmentMatrix;
  config?: Record<string, ConfigEntry[]>;
  diff?: ConfigDiff;
  locks?: EnvironmentLock[];
  freezeWindows?: FreezeWindow[];
  audit?: AuditPage;
}

/**
 * Serves the read endpoints of the environments backend from `data` and
 * records every request, reads and writes. Tests add handlers for the
 * writes they exercise with `server.use`, which take precedence.
 */
export function serveBackend(
  server: SetupServer,
  data: FakeBackendData = {},
): ReceivedRequest[] {
  const received: ReceivedRequest[] = [];
  server.events.removeAllListeners();
  server.events.on('request:start', async ({ request }) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/api/environments')) {
      return;
    }
    // Recorded at once, in order; the body follows as soon as it is read.
    const entry: ReceivedRequest = {
      method: request.method,
      path: url.pathname.slice('/api/environments'.length),
      params: url.searchParams,
    };
    received.push(entry);
    const text = request.body ? await request.clone().text() : '';
    if (text) {
      entry.body = JSON.parse(text);
    }
  });

  server.use(
    http.get(`${ENVIRONMENTS_API_URL}/environments`, () =>
      HttpResponse.json({ items: data.environments ?? environments }),
    ),
    http.get(`${ENVIRONMENTS_API_URL}/matrix`, () =>
      HttpResponse.json(data.matrix ?? aMatrix()),
    ),
    http.get(
      `${ENVIRONMENTS_API_URL}/environments/:name/config`,
      ({ params }) =>
        HttpResponse.json({
          items: data.config?.[params.name as string] ?? [],
        }),
    ),
    http.get(`${ENVIRONMENTS_API_URL}/config-diff`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      return HttpResponse.json(
        data.diff ?? {
          from: params.get('from'),
          to: params.get('to'),
          items: [],
        },
      );
    }),
    http.get(`${ENVIRONMENTS_API_URL}/locks`, () =>
      HttpResponse.json({ items: data.locks ?? [] }),
    ),
    http.get(`${ENVIRONMENTS_API_URL}/freeze-windows`, () =>
      HttpResponse.json({ items: data.freezeWindows ?? [] }),
    ),
    http.get(`${ENVIRONMENTS_API_URL}/audit`, () =>
      HttpResponse.json(data.audit ?? { items: [] }),
    ),
  );
  return received;
}

/** The requests of one method and path, oldest first. */
export function requestsTo(
  received: ReceivedRequest[],
  method: string,
  path: string,
): ReceivedRequest[] {
  return received.filter(r => r.method === method && r.path === path);
}
