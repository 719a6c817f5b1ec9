import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { environmentsApi } from '../../api';
import { environmentsPage } from '../../plugin';
import { serveBackend } from '../../__testUtils__/backend';
import {
  aConfigEntry,
  BACKEND_BASE_URL,
  courseService,
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
      catalogApiMock({ entities: [...teams, courseService] }),
      mockApis.permission({ authorize: AuthorizeResult.DENY }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('users without the permissions', () => {
  it('cannot extend or tear down previews, and are told why', async () => {
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
    const extend = within(previewRow).getByRole('button', {
      name: 'Extend pr-481',
    });
    const tearDown = within(previewRow).getByRole('button', {
      name: 'Tear down pr-481',
    });
    await waitFor(() => expect(extend.parentElement).toHaveAttribute('title'));
    expect(extend).toBeDisabled();
    expect(extend.parentElement).toHaveAttribute(
      'title',
      'Only the owners of pr-481 can extend it',
    );
    expect(tearDown).toBeDisabled();
    expect(tearDown.parentElement).toHaveAttribute(
      'title',
      'Only the owners of pr-481 can tear it down',
    );
    // Promotions are checked per service and target by the backend.
    expect(
      screen.getByRole('button', {
        name: 'Promote course-service 1.43.0 to production',
      }),
    ).toBeVisible();
  });

  it('cannot create previews of a service they do not own', async () => {
    serveBackend(server);
    renderDenied('/environments');
    const user = userEvent.setup({ delay: null });

    // Whether they may is decided per service, once one is chosen.
    await user.click(
      await screen.findByRole(
        'button',
        { name: 'New preview environment' },
        { timeout: 10_000 },
      ),
    );
    const dialog = screen.getByRole('dialog');
    const service = within(dialog).getByRole('combobox', { name: 'Service' });
    await waitFor(() => expect(service).toBeEnabled());
    await user.selectOptions(service, 'Course Service');

    await waitFor(() =>
      expect(service).toHaveAccessibleDescription(
        'Only the owners of a service can create previews of it',
      ),
    );
    expect(
      within(dialog).getByRole('button', { name: 'Create' }),
    ).toBeDisabled();
  });

  it('cannot change configuration or locks, and are told why', async () => {
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
    const add = screen.getByRole('button', { name: 'Add entry' });
    expect(add).toBeDisabled();
    await waitFor(() =>
      expect(add.parentElement).toHaveAttribute(
        'title',
        'Only the owners of staging can change its config',
      ),
    );
    expect(
      screen.queryByRole('button', { name: 'Lock environment' }),
    ).toBeNull();
  });

  it("are told production's config is for platform admins", async () => {
    serveBackend(server, {
      config: { production: [aConfigEntry({ key: 'REPLICAS' })] },
    });
    renderDenied('/environments/production');

    await screen.findByRole(
      'table',
      { name: 'Configuration of production' },
      { timeout: 10_000 },
    );
    const add = screen.getByRole('button', { name: 'Add entry' });
    await waitFor(() =>
      expect(add.parentElement).toHaveAttribute(
        'title',
        'Production config is changed by platform admins',
      ),
    );
    expect(add).toBeDisabled();
  });
});
