import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The /deployments page. */
export const rootRouteRef = createRouteRef();
