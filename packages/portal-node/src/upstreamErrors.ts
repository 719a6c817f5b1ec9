import {
  InputError,
  isError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** How a failed call to another service is reported to the portal's caller. */
export interface UpstreamCallOptions {
  /**
   * The field of the caller's request the call was made with. An upstream
   * 4xx is then the caller's mistake: a 400 naming this field. Without it,
   * every upstream failure is the service being unavailable.
   */
  inputField?: string;
  /** Told the upstream failure a clean error replaces, for operators. */
  logger?: { warn(message: string, meta?: Error): void };
}

/** Errors the portal's own code throws on purpose: passed on unchanged. */
const OWN_ERROR_NAMES = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

const MAX_UPSTREAM_MESSAGE_LENGTH = 200;

interface ResponseErrorLike extends Error {
  statusCode: number;
  body?: { error?: { message?: unknown } };
}

/**
 * A `ResponseError` of @backstage/errors (what Backstage's clients and the
 * portal's PluginRequester throw for a non-2xx answer), by shape: another
 * copy of the package would fail `instanceof`.
 */
function isResponseError(error: unknown): error is ResponseErrorLike {
  return (
    isError(error) &&
    error.name === 'ResponseError' &&
    typeof (error as Partial<ResponseErrorLike>).statusCode === 'number'
  );
}

function upstreamMessage(error: ResponseErrorLike): string {
  const message = error.body?.error?.message;
  const text =
    typeof message === 'string' && message.trim()
      ? message.trim()
      : `status ${error.statusCode}`;
  return text.length > MAX_UPSTREAM_MESSAGE_LENGTH
    ? `${text.slice(0, MAX_UPSTREAM_MESSAGE_LENGTH)}…`
    : text;
}

/**
 * The error to answer with when a call to `service` (a noun phrase: "the
 * catalog", "ArgoCD") failed with `error`: a 400 naming the input field for
 * an upstream 4xx caused by it, a 503 "<service> is unavailable" for
 * anything else (an upstream 5xx, 401/403/429, a refused connection, a
 * timeout, an unreadable answer). Neither carries a `cause`: the upstream's
 * response, body and stack stay out of the portal's answer. The portal's
 * own errors (InputError, NotFoundError, ...) pass through unchanged.
 */
export function toUpstreamError(
  service: string,
  error: unknown,
  options: UpstreamCallOptions = {},
): Error {
  if (isError(error) && OWN_ERROR_NAMES.has(error.name)) {
    return error;
  }
  const { inputField, logger } = options;
  if (isResponseError(error)) {
    const { statusCode } = error;
    const callersMistake =
      inputField !== undefined &&
      statusCode >= 400 &&
      statusCode < 500 &&
      ![401, 403, 407, 408, 429].includes(statusCode);
    if (callersMistake) {
      return new InputError(
        `${inputField}: ${service} refused it (${upstreamMessage(error)})`,
      );
    }
  }
  logger?.warn(
    `A call to ${service} failed`,
    isError(error) ? error : new Error(String(error)),
  );
  return new ServiceUnavailableError(`${service} is unavailable`);
}

/** Runs `call` to another service, failing with {@link toUpstreamError}. */
export async function callUpstream<T>(
  service: string,
  call: () => Promise<T>,
  options?: UpstreamCallOptions,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toUpstreamError(service, error, options);
  }
}
