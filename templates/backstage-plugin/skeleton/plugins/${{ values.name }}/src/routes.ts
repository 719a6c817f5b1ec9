import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The /${{ values.name }} page: the latest items of every entity. */
export const rootRouteRef = createRouteRef();
