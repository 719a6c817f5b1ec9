import type { RootHttpRouterConfigureContext } from '@backstage/backend-defaults/rootHttpRouter';

type RequestHandler = RootHttpRouterConfigureContext['routes'];

/** The body Backstage's error handler answers with. */
export interface ErrorResponseBody {
  error: { name: string; message: string };
  request?: { method: string; url: string };
  response: { statusCode: number };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorResponseBody(body: unknown): body is ErrorResponseBody {
  return (
    isRecord(body) &&
    isRecord(body.error) &&
    typeof body.error.message === 'string' &&
    isRecord(body.response) &&
    typeof body.response.statusCode === 'number'
  );
}

/**
 * An error response with only the error's name and message. Backstage's
 * handler serializes every enumerable property of the error, so its body can
 * carry a `cause` chain (with upstream addresses and codes), the `response`
 * of a failed call to another service (that service's whole body, stack
 * included), or stacks nested anywhere but along `cause`. A portal error's
 * message already says what went wrong, its cause's message included
 * (CustomErrorBase appends it); the rest stays in the backend's log.
 */
export function toPublicErrorBody(body: ErrorResponseBody): ErrorResponseBody {
  const { error, request, response } = body;
  return {
    error: {
      name: typeof error.name === 'string' ? error.name : 'Error',
      message: error.message,
    },
    ...(isRecord(request) && {
      request: { method: String(request.method), url: String(request.url) },
    }),
    response: { statusCode: response.statusCode },
  };
}

/**
 * Reduces every error response below it to toPublicErrorBody, whichever
 * error handler wrote it: the root's, and the one Backstage's httpRouter
 * puts behind each plugin's routes (which never reach the root's). Mount it
 * on the root app before the routes. With `exposeDetails` (development, where
 * Backstage shows stacks too) bodies pass unchanged.
 */
export function publicErrorBodies(options: {
  exposeDetails: boolean;
}): RequestHandler {
  return (_req, res, next) => {
    if (!options.exposeDetails) {
      const json = res.json.bind(res);
      res.json = (body?: unknown) =>
        json(
          res.statusCode >= 400 && isErrorResponseBody(body)
            ? toPublicErrorBody(body)
            : body,
        );
    }
    next();
  };
}
