import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  DeploymentsApi,
  DeploymentsClient,
} from '@internal/plugin-deployments-common';

/** The deployment history API: deployments, current versions, DORA metrics. */
export const deploymentsApiRef = createApiRef<DeploymentsApi>().with({
  id: 'plugin.deployments',
});

/** Installs the typed REST client of the deployments backend. */
export const deploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
});
