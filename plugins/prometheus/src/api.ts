import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  PrometheusApi,
  PrometheusClient,
} from '@internal/plugin-prometheus-common';

/** The golden signals and alerts of entities (`/api/prometheus`). */
export const prometheusApiRef = createApiRef<PrometheusApi>().with({
  id: 'plugin.prometheus',
});

/** Installs the typed REST client of the Prometheus backend. */
export const prometheusApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: prometheusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PrometheusClient({ discoveryApi, fetchApi }),
    }),
});
