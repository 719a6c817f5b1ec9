import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { PrometheusClient } from '@internal/plugin-prometheus-common';
import { prometheusApiRef } from '@internal/plugin-prometheus-react';

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
