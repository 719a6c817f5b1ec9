/**
 * The deployment history's API ref. It lives apart from the deployments
 * frontend plugin so that other plugins (the Signals tab's deployment
 * markers, the platform status page) use the client the app installs
 * without importing another frontend plugin.
 *
 * @packageDocumentation
 */
import { createApiRef } from '@backstage/frontend-plugin-api';
import type { DeploymentsApi } from '@internal/plugin-deployments-common';

/** The deployment history API: deployments, current versions, DORA metrics. */
export const deploymentsApiRef = createApiRef<DeploymentsApi>().with({
  id: 'plugin.deployments',
});
