import { CustomErrorBase } from '@backstage/errors';

/**
 * Prometheus answered, but with an error (a query it refused, a 5xx of its
 * own, a body that is not its API's JSON). The backend's error handler
 * answers with the `statusCode`: 502.
 */
export class BadGatewayError extends CustomErrorBase {
  name = 'BadGatewayError' as const;
  statusCode = 502 as const;
}

/**
 * Prometheus refused a query: `bad_data` (400: not PromQL, or a bad
 * parameter) or `execution` (422: valid, but it cannot evaluate it, e.g.
 * too many samples). Whose mistake that is depends on who wrote the query:
 * for the portal's own signal templates it stays a 502; for a caller's raw
 * query (`POST /query`) the router answers 400 or 422 instead.
 */
export class PrometheusRefusedQueryError extends BadGatewayError {
  declare readonly errorType: 'bad_data' | 'execution';
  /** Prometheus' own message, e.g. `invalid parameter "query": 1:5: parse error: ...`. */
  declare readonly prometheusMessage: string;

  constructor(
    message: string,
    errorType: 'bad_data' | 'execution',
    prometheusMessage: string,
  ) {
    super(message);
    // Not enumerable: the error handler serializes own enumerable
    // properties into the response body, and the message says it all.
    Object.defineProperties(this, {
      errorType: { value: errorType },
      prometheusMessage: { value: prometheusMessage },
    });
  }
}

/**
 * A caller's valid query that Prometheus could not evaluate (its 422
 * `execution` errors, e.g. too many samples, many-to-many matching).
 */
export class UnprocessableQueryError extends CustomErrorBase {
  name = 'UnprocessableQueryError' as const;
  statusCode = 422 as const;
}
