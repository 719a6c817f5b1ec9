import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  DeploymentsApi,
  DeploymentsClient,
} from '@internal/plugin-deployments-common';

/**
 * A client of the deployments plugin that calls it as this plugin: every
 * request carries a plugin-to-plugin token issued on behalf of the
 * environments plugin's own service credentials, whoever the original
 * caller was (they may hold a token limited to this plugin).
 */
export function pluginDeploymentsClient(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): DeploymentsApi {
  const { discovery, auth } = options;
  return new DeploymentsClient({
    discoveryApi: discovery,
    fetchApi: {
      fetch: async (input, init) => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: 'deployments',
        });
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    },
  });
}
