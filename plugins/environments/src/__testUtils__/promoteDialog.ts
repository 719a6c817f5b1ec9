import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { UserEvent } from '@testing-library/user-event';
import { environmentsApi } from '../api';
import { environmentsPage } from '../plugin';
import { BACKEND_BASE_URL, teams } from './fixtures';

/**
 * Renders the environments page as a user the permission API answers for
 * with `authorize`, and opens the promote dialog from the matrix button
 * named `button` (e.g. "Promote course-service 1.43.0 to production").
 */
export async function openPromoteDialog(options: {
  user: UserEvent;
  authorize: (
    request: EvaluatePermissionRequest,
  ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  button: string;
}): Promise<HTMLElement> {
  renderTestApp({
    extensions: [environmentsApi, environmentsPage],
    initialRouteEntries: ['/environments'],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      catalogApiMock({ entities: teams }),
      mockApis.permission({ authorize: options.authorize }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  // The first import of the page's modules is slow under Jest.
  const matrix = await screen.findByRole(
    'table',
    { name: 'Versions by environment' },
    { timeout: 10_000 },
  );
  await options.user.click(
    await within(matrix).findByRole('button', { name: options.button }),
  );
  return screen.getByRole('dialog', { name: /^Promote / });
}
