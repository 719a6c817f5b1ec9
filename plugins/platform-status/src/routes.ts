import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The /platform-status page. */
export const rootRouteRef = createRouteRef();
