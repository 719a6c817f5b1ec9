import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { environmentsApi } from '../../api';
import { environmentsPage } from '../../plugin';
import { serveBackend } from '../../__testUtils__/backend';
import {
  aConfigEntry,
  BACKEND_BASE_URL,
  teams,
} from '../../__testUtils__/fixtures';

// usePermission caches answers for the whole module registry, so the denials
// are tested in a file of their own rather than next to the allowances.

const server = setupServer();
registerMswTestHooks(server);

function renderDenied(path: string) {
  renderTestApp({
    extensions: [environmentsApi, environmentsPage],
    initialRouteEntries: [path],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      catalogApiMock({ entities: teams }),
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('users without the permissions', () => {
  it('cannot create, extend or tear down previews', async () => {
    serveBackend(server);
    renderDenied('/environments');

    const table = await screen.findByRole(
      'table',
      { name: 'Environments' },
      { timeout: 10_000 },
    );
    const previewRow = within(table)
      .getByRole('rowheader', { name: /^pr-481/ })
      .closest('tr')!;
    expect(within(previewRow).queryByRole('button')).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'New preview environment' }),
    ).toBeNull();
    // Promotions are checked per service and target by the backend.
    expect(
      screen.getByRole('button', {
        name: 'Promote course-service 1.43.0 to production',
      }),
    ).toBeVisible();
  });

  it('cannot change configuration or locks', async () => {
    serveBackend(server, {
      config: { staging: [aConfigEntry({ key: 'LOG_LEVEL' })] },
    });
    renderDenied('/environments/staging');

    const config = await screen.findByRole(
      'table',
      { name: 'Configuration of staging' },
      { timeout: 10_000 },
    );
    expect(within(config).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add entry' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Lock environment' }),
    ).toBeNull();
  });
});
