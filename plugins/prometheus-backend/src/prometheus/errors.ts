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
