/**
 * The Prometheus API ref. It lives apart from the Prometheus frontend plugin
 * so that other plugins (the platform status page) use the client the app
 * installs without importing another frontend plugin.
 *
 * @packageDocumentation
 */
import { createApiRef } from '@backstage/frontend-plugin-api';
import type { PrometheusApi } from '@internal/plugin-prometheus-common';

/** The golden signals and alerts of entities (`/api/prometheus`). */
export const prometheusApiRef = createApiRef<PrometheusApi>().with({
  id: 'plugin.prometheus',
});
