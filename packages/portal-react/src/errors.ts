import { ResponseError } from '@backstage/errors';

function isResponseError(error: Error): error is ResponseError {
  return error.name === 'ResponseError' && 'statusCode' in error;
}

/** The HTTP status a request failed with, if it got that far. */
export function errorStatus(error: Error): number | undefined {
  return isResponseError(error) ? error.statusCode : undefined;
}

/**
 * What went wrong, in the backend's words when it answered: "staging is
 * locked: release freeze" rather than "Request failed with 409 Conflict".
 */
export function errorMessage(error: Error): string {
  if (isResponseError(error) && error.cause?.message) {
    return error.cause.message;
  }
  return error.message;
}
