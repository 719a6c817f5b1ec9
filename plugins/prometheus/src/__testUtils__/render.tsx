import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { deploymentsApiRef } from '@internal/plugin-deployments-react';
import { DeploymentsClient } from '@internal/plugin-deployments-common';
import { Entity } from '@backstage/catalog-model';
import { prometheusApi } from '../api';
import { BACKEND_BASE_URL, courseService } from './fixtures';

/**
 * Renders an entity page with `extension` on it, the Prometheus API
 * installed and the deployments API as the real client; both talk to MSW.
 */
export function renderOnEntityPage(
  extension: ExtensionDefinition,
  options: { entity?: Entity; path?: string } = {},
) {
  return renderTestApp({
    extensions: [
      createTestEntityPage({ entity: options.entity ?? courseService }),
      extension,
      prometheusApi,
    ],
    ...(options.path && { initialRouteEntries: [options.path] }),
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      [
        deploymentsApiRef,
        new DeploymentsClient({
          discoveryApi: {
            getBaseUrl: async id => `${BACKEND_BASE_URL}/api/${id}`,
          },
        }),
      ],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}
