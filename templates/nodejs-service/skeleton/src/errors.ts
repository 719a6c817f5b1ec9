import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** An error whose message is safe to show the client, with its status code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound: RequestHandler = req => {
  throw new HttpError(404, `No route for ${req.method} ${req.path}`);
};

/** 4xx errors as `{ error: { message } }`; anything else is logged and a 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const status = clientErrorStatus(error);
    if (status !== undefined) {
      res.status(status).json({ error: { message: (error as Error).message } });
      return;
    }
    logger.error({ err: error }, 'request failed');
    res.status(500).json({ error: { message: 'Internal server error' } });
  };
}

/** HttpErrors, and the errors of express.json() (status + expose) for bad bodies. */
function clientErrorStatus(error: unknown): number | undefined {
  if (error instanceof HttpError && error.status < 500) return error.status;
  if (error instanceof Error && 'status' in error && 'expose' in error && error.expose) {
    return Number(error.status);
  }
  return undefined;
}
