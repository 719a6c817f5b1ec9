import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Running raw PromQL through `POST /api/prometheus/query`. The golden
 * signals and alerts need no permission beyond being signed in: their
 * queries come from config, never from the browser. The portal's policy
 * grants this to administrators only.
 */
export const prometheusQueryPermission = createPermission({
  name: 'prometheus.query',
  attributes: { action: 'read' },
});

export const prometheusPermissions = [prometheusQueryPermission];
