import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { assertError, InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_SIGNAL_RANGE,
  isSignalRange,
  prometheusQueryPermission,
  PrometheusQueryRequest,
  PrometheusQueryResponse,
  SignalRange,
} from '@internal/plugin-prometheus-common';
import express, { Request } from 'express';
import { portalJsonBody } from '@internal/portal-node';
import { PrometheusConfig } from '../config';
import {
  PrometheusRefusedQueryError,
  UnprocessableQueryError,
} from '../prometheus/errors';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { rangeWindow } from '../signals/templates';
import { PrometheusService } from './PrometheusService';

export interface RouterOptions {
  service: PrometheusService;
  config: PrometheusConfig;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  now?: () => number;
}

/** Parameters of Prometheus' query API that come from the caller's request. */
const CALLER_PARAMETERS: ReadonlySet<string> = new Set([
  'query',
  'start',
  'end',
  'step',
  'time',
]);

/**
 * Prometheus refusing the caller's own raw query is the caller's mistake:
 * 400 (bad_data) or 422 (execution) with Prometheus' message, led by the
 * field it is about (`query: 1:5: parse error: ...`). Anything else, e.g. a
 * complaint about the `timeout` the backend sends, stays a 502.
 */
function asCallersMistake(error: unknown): never {
  if (!(error instanceof PrometheusRefusedQueryError)) throw error;
  const parameter = /^invalid parameter "(\w+)": ([\s\S]*)$/.exec(
    error.prometheusMessage,
  );
  let message = `query: ${error.prometheusMessage}`;
  if (parameter) {
    if (!CALLER_PARAMETERS.has(parameter[1])) throw error;
    message = `${parameter[1]}: ${parameter[2]}`;
  }
  if (error.errorType === 'execution') {
    throw new UnprocessableQueryError(message);
  }
  throw new InputError(message);
}

/** Any typed route's request, as HttpAuthService and the auditor take it. */
type AnyRequest = Request<any, any, any, any, any>;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, config, httpAuth, permissions, auditor } = options;
  const now = options.now ?? Date.now;

  const router = await createOpenApiRouter({
    middleware: portalJsonBody({ limitBytes: 64 * 1024 }),
  });

  /** Everything needs a signed-in user or a service. */
  const callerOf = (req: AnyRequest) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/signals', async (req, res) => {
    const credentials = await callerOf(req);
    const range: SignalRange = req.query.range ?? DEFAULT_SIGNAL_RANGE;
    if (!isSignalRange(range)) {
      throw new InputError('range: must be one of 1h, 6h, 24h, 7d');
    }
    const target = await service.target(req.query.entityRef, credentials);
    res.json(await service.getSignals(target, range));
  });

  router.get('/alerts', async (req, res) => {
    const credentials = await callerOf(req);
    const target = await service.target(req.query.entityRef, credentials);
    res.json(await service.getAlerts(target));
  });

  router.get('/summary', async (req, res) => {
    const credentials = await callerOf(req);
    res.json(await service.getSummary(credentials));
  });

  router.get('/instances', async (req, res) => {
    await callerOf(req);
    res.json(service.listInstances());
  });

  router.post('/query', async (req, res) => {
    const credentials = await callerOf(req);
    const body = req.body as PrometheusQueryRequest;
    const event = await auditor.createEvent({
      eventId: 'prometheus-query',
      severityLevel: 'low',
      request: req,
      meta: { query: body.query, instance: body.instance ?? null },
    });
    try {
      const [decision] = await permissions.authorize(
        [{ permission: prometheusQueryPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError('You may not run raw PromQL queries');
      }
      const result = await runQuery(body);
      await event.success({ meta: { series: result.series.length } });
      res.json(result);
    } catch (error) {
      assertError(error);
      await event.fail({ error });
      throw error;
    }
  });

  async function runQuery(
    body: PrometheusQueryRequest,
  ): Promise<PrometheusQueryResponse> {
    const { maxPointsPerSeries, maxTotalPoints } = config.query;
    const client = service.client(body.instance);
    const seconds = (value: string, field: string) => {
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) throw new InputError(`${field}: not a timestamp`);
      return ms / 1000;
    };

    let result;
    if (body.range || body.start) {
      if (body.time) {
        throw new InputError(
          'time: only for instant queries (without range or start)',
        );
      }
      let start: number;
      let end: number;
      if (body.range) {
        if (body.start || body.end) {
          throw new InputError('range: give either range or start/end');
        }
        ({ start, end } = rangeWindow(body.range, now()));
      } else {
        start = seconds(body.start!, 'start');
        end = body.end ? seconds(body.end, 'end') : now() / 1000;
      }
      if (end <= start) {
        throw new InputError('end: must be after start');
      }
      const step =
        body.step ??
        Math.max(1, Math.ceil((end - start) / (maxPointsPerSeries - 1)));
      const points = Math.floor((end - start) / step) + 1;
      if (points > maxPointsPerSeries) {
        throw new InputError(
          `step: ${points} points per series, more than the limit of ${maxPointsPerSeries}; use a step of at least ${Math.ceil(
            (end - start) / (maxPointsPerSeries - 1),
          )} s`,
        );
      }
      result = await client
        .queryRange(body.query, { start, end, step })
        .catch(asCallersMistake);
    } else {
      if (body.end || body.step) {
        throw new InputError(
          'end, step: only for range queries (with range or start)',
        );
      }
      result = await client
        .query(body.query, body.time ? seconds(body.time, 'time') : undefined)
        .catch(asCallersMistake);
    }

    const total = result.series.reduce((n, s) => n + s.points.length, 0);
    if (total > maxTotalPoints) {
      throw new InputError(
        `The answer has ${total} points in ${result.series.length} series, more than the limit of ${maxTotalPoints}; narrow the query or use a larger step`,
      );
    }
    return { instance: client.name, ...result };
  }

  return router;
}
