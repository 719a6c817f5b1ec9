import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { isError, ResponseError } from '@backstage/errors';
import {
  EnvironmentsApi,
  EnvironmentsClient,
} from '@internal/plugin-environments-common';

/** The services the actions reach the environments backend with. */
export interface EnvironmentsApiDeps {
  discovery: DiscoveryService;
  auth: AuthService;
}

/**
 * The environments API as `credentials` (the task's initiator): every
 * request carries a plugin-to-plugin token issued on their behalf, so the
 * environments backend checks its permissions against the user who ran the
 * template, not against the scaffolder.
 */
export function environmentsApiFor(
  { discovery, auth }: EnvironmentsApiDeps,
  credentials: BackstageCredentials,
): EnvironmentsApi {
  return new EnvironmentsClient({
    discoveryApi: discovery,
    fetchApi: {
      async fetch(input, init) {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'environments',
        });
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    },
  });
}

/**
 * What went wrong, in the environments backend's own words: its error
 * responses name the offending field, while the client's ResponseError only
 * says `Request failed with 409 Conflict`.
 */
export function describeApiError(error: unknown): string {
  if (error instanceof ResponseError) {
    return `${error.cause.message} (HTTP ${error.statusCode})`;
  }
  return isError(error) ? error.message : String(error);
}
