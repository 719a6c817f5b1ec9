import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { Point, Series } from '@internal/plugin-prometheus-common';
import { InstanceConfig } from '../config';
import { BadGatewayError, PrometheusRefusedQueryError } from './errors';

/** An alert as Prometheus' `/api/v1/alerts` lists it. */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt?: string;
  value?: string;
}

export type QueryResult = {
  resultType: 'matrix' | 'vector' | 'scalar' | 'string';
  series: Series[];
};

/** The most bytes of an answer read before giving up (protects memory). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The longest error message of Prometheus' relayed to callers. */
const MAX_RELAYED_MESSAGE = 500;

/**
 * Prometheus' own error message, as its API returns it for callers to read,
 * shortened. Other bodies (a proxy's error page, say) are never relayed.
 */
function relayed(message: string): string {
  return message.length > MAX_RELAYED_MESSAGE
    ? `${message.slice(0, MAX_RELAYED_MESSAGE)}...`
    : message;
}

/**
 * Why a connection failed, for a response: the system error code
 * (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, ...) when there is one, and
 * never a URL (fetch's own messages quote the request URL).
 */
export function unreachableReason(error: Error & { cause?: unknown }): string {
  const cause = error.cause as
    | { code?: unknown; message?: unknown }
    | undefined;
  if (typeof cause?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(cause.code)) {
    return cause.code;
  }
  const message =
    typeof cause?.message === 'string' ? cause.message : error.message;
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/\S*/gi, '<url>').slice(0, 200);
}

/**
 * Talks to one Prometheus server's HTTP API. Every request has a deadline
 * (`timeoutMs`, also sent to Prometheus as its query `timeout`), so a hung
 * server costs a request at most that long. Errors, for the router:
 *
 * - unreachable or too slow, or Prometheus saying it is unavailable (503,
 *   or its own query timeout) -> ServiceUnavailableError (503)
 * - a query refused (400 bad_data, 422 execution) ->
 *   PrometheusRefusedQueryError (502 unless the router decides otherwise)
 * - another error answer, or one that is not Prometheus' JSON ->
 *   BadGatewayError (502)
 *
 * Messages name the instance, never its URL or headers, and carry no cause:
 * only Prometheus' own (JSON) error messages are relayed; anything else the
 * upstream said goes to the log.
 */
export class PrometheusHttpClient {
  constructor(
    private readonly instance: InstanceConfig,
    private readonly options: { timeoutMs: number; logger: LoggerService },
  ) {}

  get name(): string {
    return this.instance.name;
  }

  /** A range query; points in milliseconds. */
  async queryRange(
    query: string,
    window: { start: number; end: number; step: number },
  ): Promise<QueryResult> {
    const data = await this.call('/api/v1/query_range', {
      query,
      start: String(window.start),
      end: String(window.end),
      step: String(window.step),
      timeout: this.promTimeout(),
    });
    return parseResult(data, this.name, this.options.logger);
  }

  /** An instant query at `time` (Unix seconds; default now). */
  async query(query: string, time?: number): Promise<QueryResult> {
    const data = await this.call('/api/v1/query', {
      query,
      ...(time !== undefined && { time: String(time) }),
      timeout: this.promTimeout(),
    });
    return parseResult(data, this.name, this.options.logger);
  }

  /** Every active (firing or pending) alert. */
  async alerts(): Promise<PrometheusAlert[]> {
    const data = (await this.call('/api/v1/alerts')) as {
      alerts?: PrometheusAlert[];
    };
    if (!data || !Array.isArray(data.alerts)) {
      throw new BadGatewayError(
        `Prometheus instance ${this.name} answered /api/v1/alerts without an alert list`,
      );
    }
    return data.alerts;
  }

  private promTimeout(): string {
    // A little less than our own deadline, so Prometheus' error arrives first.
    return `${Math.max(1, Math.floor((this.options.timeoutMs * 0.9) / 1000))}s`;
  }

  /** Calls the API (POST with a form for queries), returning its `data`. */
  private async call(
    path: string,
    form?: Record<string, string>,
  ): Promise<unknown> {
    const { timeoutMs, logger } = this.options;
    const url = `${this.instance.url}${path}`;
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        headers: {
          Accept: 'application/json',
          ...(form && { 'Content-Type': 'application/x-www-form-urlencoded' }),
          ...this.instance.headers,
        },
        ...(form && { body: new URLSearchParams(form).toString() }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      const length = Number(response.headers.get('content-length'));
      if (length > MAX_BODY_BYTES) {
        await response.body?.cancel();
        throw new BadGatewayError(
          `Prometheus instance ${this.name} answered with ${length} bytes, more than ${MAX_BODY_BYTES}`,
        );
      }
      text = await response.text();
    } catch (error) {
      if (error instanceof BadGatewayError) throw error;
      const e = error as Error & {
        cause?: { code?: string; message?: string };
      };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        logger.warn(
          `Prometheus instance ${this.name} did not answer ${path} within ${timeoutMs} ms`,
        );
        throw new ServiceUnavailableError(
          `Prometheus instance ${this.name} did not answer within ${timeoutMs} ms`,
        );
      }
      const reason = unreachableReason(e);
      logger.warn(
        `Prometheus instance ${this.name} (${url}) is unreachable: ${reason}`,
      );
      throw new ServiceUnavailableError(
        `Prometheus instance ${this.name} is unreachable (${reason})`,
      );
    }

    let body: {
      status?: string;
      data?: unknown;
      errorType?: string;
      error?: string;
    };
    try {
      body = JSON.parse(text);
    } catch {
      logger.warn(
        `Prometheus instance ${this.name} answered ${path} with ${
          response.status
        } and a body that is not JSON: ${text.slice(0, 200).trim()}`,
      );
      throw new BadGatewayError(
        `Prometheus instance ${this.name} answered ${response.status} with a body that is not JSON`,
      );
    }
    if (!response.ok || body?.status !== 'success') {
      const detail =
        typeof body?.error === 'string'
          ? relayed(body.error)
          : 'no error message';
      const errorType =
        typeof body?.errorType === 'string' ? body.errorType : undefined;
      const type = errorType ? ` (${relayed(errorType)})` : '';
      // 503 from Prometheus itself (e.g. still starting, or its own query
      // timeout) is still Prometheus being unavailable.
      if (response.status === 503 || errorType === 'timeout') {
        throw new ServiceUnavailableError(
          `Prometheus instance ${this.name} is unavailable: ${detail}`,
        );
      }
      const message = `Prometheus instance ${this.name} answered ${response.status}${type}: ${detail}`;
      if (
        (response.status === 400 && errorType === 'bad_data') ||
        (response.status === 422 && errorType === 'execution')
      ) {
        throw new PrometheusRefusedQueryError(message, errorType, detail);
      }
      throw new BadGatewayError(message);
    }
    logger.debug(
      `Prometheus instance ${this.name} answered ${path} in ${
        Date.now() - started
      } ms`,
    );
    return body.data;
  }
}

/** A sample value: NaN and ±Inf are not JSON numbers, so they become null. */
export function toValue(value: unknown): number | null {
  const n = typeof value === 'number' ? value : parseFloat(String(value));
  return Number.isFinite(n) ? n : null;
}

function toPoint(sample: unknown): Point {
  const [t, v] = sample as [number, string];
  return [Math.round(Number(t) * 1000), toValue(v)];
}

function labelsOf(metric: unknown): Record<string, string> {
  const { __name__: _name, ...labels } = (metric ?? {}) as Record<
    string,
    string
  >;
  return labels;
}

function parseResult(
  data: unknown,
  instance: string,
  logger: LoggerService,
): QueryResult {
  try {
    return toQueryResult(data, instance);
  } catch (error) {
    if (error instanceof BadGatewayError) throw error;
    logger.warn(
      `Prometheus instance ${instance} answered a query with a malformed result: ${error}`,
    );
    throw new BadGatewayError(
      `Prometheus instance ${instance} answered a query with a malformed result`,
    );
  }
}

function toQueryResult(data: unknown, instance: string): QueryResult {
  const { resultType, result } = (data ?? {}) as {
    resultType?: string;
    result?: unknown;
  };
  switch (resultType) {
    case 'matrix':
      return {
        resultType,
        series: (result as Array<{ metric: unknown; values: unknown[] }>).map(
          s => ({ labels: labelsOf(s.metric), points: s.values.map(toPoint) }),
        ),
      };
    case 'vector':
      return {
        resultType,
        series: (result as Array<{ metric: unknown; value: unknown }>).map(
          s => ({ labels: labelsOf(s.metric), points: [toPoint(s.value)] }),
        ),
      };
    case 'scalar':
    case 'string':
      return {
        resultType,
        series: [{ labels: {}, points: [toPoint(result)] }],
      };
    default:
      throw new BadGatewayError(
        `Prometheus instance ${instance} answered a query with an unknown result type ${resultType}`,
      );
  }
}
