import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EnvironmentsApi,
  EnvironmentsClient,
} from '@internal/plugin-environments-common';

/** The environment manager's API: environments, config, locks, promotions. */
export const environmentsApiRef = createApiRef<EnvironmentsApi>().with({
  id: 'plugin.environments',
});

/** Installs the typed REST client of the environments backend. */
export const environmentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: environmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EnvironmentsClient({ discoveryApi, fetchApi }),
    }),
});
