import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { environmentsApi } from '../../api';
import { environmentsPage } from '../../plugin';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  aPromotion,
  BACKEND_BASE_URL,
  ENVIRONMENTS_API_URL,
  errorBody,
  LEARNING_TEAM,
  teams,
} from '../../__testUtils__/fixtures';

const server = setupServer();
registerMswTestHooks(server);

let user: UserEvent;
beforeEach(() => {
  // Without pauses between keystrokes: the dialogs take a lot of typing.
  user = userEvent.setup({ delay: null });
});

/** Renders the page and waits for its lazily loaded content. */
async function renderPage(path = '/environments') {
  renderTestApp({
    extensions: [environmentsApi, environmentsPage],
    initialRouteEntries: [path],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      catalogApiMock({ entities: teams }),
      mockApis.permission(),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  // The first import of the page's modules is slow under Jest.
  await screen.findByRole('group', { name: 'Filters' }, { timeout: 10_000 });
}

function matrix(): HTMLElement {
  return screen.getByRole('table', { name: 'Versions by environment' });
}

/** The matrix row of a service, found by its link to the catalog. */
async function serviceRow(name: string): Promise<HTMLElement> {
  const link = await within(
    await screen.findByRole('table', { name: 'Versions by environment' }),
  ).findByRole('link', { name });
  return link.closest('tr')!;
}

/** The cell of `row` under the column of `environment`. */
function cellOf(row: HTMLElement, environment: string): HTMLElement {
  const headers = within(matrix()).getAllByRole('columnheader');
  const index = headers.findIndex(header =>
    within(header).queryByRole('link', { name: environment }),
  );
  return row.children[index] as HTMLElement;
}

describe('the environments page', () => {
  describe('version matrix', () => {
    it('shows the version, status and drift of every service everywhere', async () => {
      serveBackend(server);
      await renderPage();

      const course = await serviceRow('course-service');
      expect(
        within(course).getByRole('link', { name: 'course-service' }),
      ).toHaveAttribute('href', '/catalog/default/component/course-service');

      const staging = cellOf(course, 'staging');
      expect(within(staging).getByText('1.43.0')).toBeInTheDocument();
      expect(within(staging).getByText('Succeeded')).toBeInTheDocument();
      expect(staging.querySelector('time')).toHaveAttribute(
        'datetime',
        '2025-11-10T09:16:15.000Z',
      );
      expect(within(staging).queryByText('Drift')).toBeNull();

      const production = cellOf(course, 'production');
      expect(within(production).getByText('1.42.0')).toBeInTheDocument();
      expect(within(production).getByText('Drift')).toBeInTheDocument();
      expect(
        within(cellOf(course, 'development')).getByText('In progress'),
      ).toBeInTheDocument();

      const userService = await serviceRow('user-service');
      expect(
        within(cellOf(userService, 'pr-481')).getByText('Not deployed'),
      ).toBeVisible();
    });

    it('heads each environment with its tier and lock', async () => {
      serveBackend(server);
      await renderPage();
      await serviceRow('course-service');

      const [, development, staging, production, previewColumn] = within(
        matrix(),
      ).getAllByRole('columnheader');
      expect(within(development).getByText('Development')).toBeVisible();
      expect(within(staging).getByText('Staging')).toBeVisible();
      expect(within(staging).queryByText('Locked')).toBeNull();
      expect(within(previewColumn).getByText('Preview')).toBeVisible();

      expect(within(production).getByText('Production')).toBeVisible();
      const lock = within(production).getByText('Locked');
      await user.hover(lock);
      expect(await screen.findByRole('tooltip')).toHaveTextContent(
        /^Release freeze for the winter sale, until .*2025/,
      );
    });

    it('offers promotion to the next environment, not from the last or a preview', async () => {
      serveBackend(server);
      await renderPage();
      const course = await serviceRow('course-service');

      expect(
        within(cellOf(course, 'development')).getByRole('button', {
          name: 'Promote course-service 1.44.0-rc.2 to staging',
        }),
      ).toBeVisible();
      expect(
        within(cellOf(course, 'staging')).getByRole('button', {
          name: 'Promote course-service 1.43.0 to production',
        }),
      ).toBeVisible();
      for (const environment of ['production', 'pr-481']) {
        expect(
          within(cellOf(course, environment)).queryByRole('button', {
            name: /^Promote/,
          }),
        ).toBeNull();
      }
    });

    it("shows a team's services and keeps the team in the URL", async () => {
      const received = serveBackend(server);
      await renderPage();
      await serviceRow('course-service');
      expect(
        requestsTo(received, 'GET', '/matrix')[0].params.has('owner'),
      ).toBe(false);

      const team = screen.getByRole('combobox', { name: 'Team' });
      await waitFor(() => expect(team).toBeEnabled());
      await user.selectOptions(team, 'Learning Team');

      await waitFor(() => {
        const requests = requestsTo(received, 'GET', '/matrix');
        expect(requests[requests.length - 1].params.get('owner')).toBe(
          LEARNING_TEAM,
        );
      });
    });

    it('takes the team from the URL', async () => {
      const received = serveBackend(server);
      await renderPage(`/environments?team=${LEARNING_TEAM}`);
      await serviceRow('course-service');

      expect(screen.getByRole('combobox', { name: 'Team' })).toHaveValue(
        LEARNING_TEAM,
      );
      expect(
        requestsTo(received, 'GET', '/matrix')[0].params.get('owner'),
      ).toBe(LEARNING_TEAM);
    });
  });

  describe('promote dialog', () => {
    async function openPromotion() {
      const course = await serviceRow('course-service');
      await user.click(
        within(course).getByRole('button', {
          name: 'Promote course-service 1.43.0 to production',
        }),
      );
      return screen.getByRole('dialog', { name: 'Promote course-service' });
    }

    it('shows what changes, promotes, and links to the pending deployment', async () => {
      const received = serveBackend(server);
      server.use(
        http.post(`${ENVIRONMENTS_API_URL}/promotions`, () =>
          HttpResponse.json(aPromotion(), { status: 201 }),
        ),
      );
      await renderPage();
      const dialog = await openPromotion();

      const changes = within(dialog).getByRole('region', {
        name: 'What changes in production',
      });
      const [now, after] = within(changes).getAllByRole('definition');
      expect(now).toHaveTextContent(/^1\.42\.0, deployed .+ agoDrift$/);
      expect(after).toHaveTextContent('1.43.0');
      expect(
        within(changes).getByText(/production has drifted/),
      ).toBeInTheDocument();
      // The lock is known before trying.
      expect(within(dialog).getByText('production is locked')).toBeVisible();

      await user.click(
        within(dialog).getByRole('button', { name: 'Promote to production' }),
      );

      expect(
        await within(dialog).findByText('Promotion pending'),
      ).toBeVisible();
      expect(within(dialog).getByText('Pending')).toBeVisible();
      expect(
        within(dialog).getByRole('link', {
          name: 'Follow the deployment on the Deployments tab',
        }),
      ).toHaveAttribute(
        'href',
        '/catalog/default/component/course-service/deployments?environment=production',
      );
      expect(requestsTo(received, 'POST', '/promotions')[0].body).toEqual({
        entityRef: 'component:default/course-service',
        version: '1.43.0',
        fromEnvironment: 'staging',
        toEnvironment: 'production',
      });
      // The matrix reloads to show the pending deployment.
      await waitFor(() =>
        expect(requestsTo(received, 'GET', '/matrix')).toHaveLength(2),
      );

      await user.click(within(dialog).getByRole('button', { name: 'Close' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    });

    it('warns about a version whose deployment has not succeeded', async () => {
      serveBackend(server);
      await renderPage();
      const course = await serviceRow('course-service');
      await user.click(
        within(course).getByRole('button', {
          name: 'Promote course-service 1.44.0-rc.2 to staging',
        }),
      );
      const dialog = screen.getByRole('dialog', {
        name: 'Promote course-service',
      });

      expect(
        within(dialog).getByText(
          'The deployment of 1.44.0-rc.2 to development is in progress.',
        ),
      ).toBeVisible();
      // staging is not locked.
      expect(within(dialog).queryByText(/is locked/)).toBeNull();
    });

    it('shows why the backend refused, e.g. a freeze window', async () => {
      serveBackend(server);
      server.use(
        http.post(`${ENVIRONMENTS_API_URL}/promotions`, () =>
          HttpResponse.json(
            errorBody(
              'ConflictError',
              'production is in the freeze window "Weekend freeze" until Monday 06:00',
              409,
            ),
            { status: 409 },
          ),
        ),
      );
      await renderPage();
      const dialog = await openPromotion();

      await user.click(
        within(dialog).getByRole('button', { name: 'Promote to production' }),
      );

      const alert = await within(dialog).findByRole('alert', {
        name: /Promotion refused/,
      });
      expect(alert).toHaveTextContent(
        'production is in the freeze window "Weekend freeze" until Monday 06:00',
      );
      expect(within(dialog).queryByText('Promotion pending')).toBeNull();
      // Trying again stays possible, e.g. once the window ends.
      expect(
        within(dialog).getByRole('button', { name: 'Promote to production' }),
      ).toBeEnabled();
    });

    it('says when the user may not promote', async () => {
      serveBackend(server);
      server.use(
        http.post(`${ENVIRONMENTS_API_URL}/promotions`, () =>
          HttpResponse.json(errorBody('NotAllowedError', 'Unauthorized', 403), {
            status: 403,
          }),
        ),
      );
      await renderPage();
      const dialog = await openPromotion();

      await user.click(
        within(dialog).getByRole('button', { name: 'Promote to production' }),
      );

      const alert = await within(dialog).findByRole('alert', {
        name: /Not allowed/,
      });
      expect(alert).toHaveTextContent(
        'You may not promote course-service to production.',
      );
    });
  });
});
