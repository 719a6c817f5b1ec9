import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The /environments page: the version matrix and the environments. */
export const rootRouteRef = createRouteRef();

/** One environment: its configuration, locks, freeze windows and audit trail. */
export const environmentRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:name',
});
