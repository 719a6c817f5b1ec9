import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { environmentsApi } from '../../api';
import { environmentsPage } from '../../plugin';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  anEnvironment,
  BACKEND_BASE_URL,
  COURSE_SERVICE,
  courseService,
  ENVIRONMENTS_API_URL,
  environments,
  errorBody,
  PAYMENTS_TEAM,
  preview,
  teams,
  USER_SERVICE,
  userService,
} from '../../__testUtils__/fixtures';

const server = setupServer();
registerMswTestHooks(server);

let user: UserEvent;
beforeEach(() => {
  // Without pauses between keystrokes: the dialogs take a lot of typing.
  user = userEvent.setup({ delay: null });
});

/** Another team's preview: the signed-in user is not among its owners. */
const othersPreview = anEnvironment({
  name: 'pr-900',
  tier: 'preview',
  owner: PAYMENTS_TEAM,
  origin: 'preview',
  entityRef: undefined,
  expiresAt: '2025-11-12T09:00:00.000Z',
});

/**
 * The backend's answers for a member of the learning team: allowed on its
 * preview pr-481 and its course-service, denied on the payments team's
 * pr-900 and user-service. (usePermission caches answers per permission
 * and resource for the whole file, so each has one answer here.)
 */
function authorize(request: EvaluatePermissionRequest) {
  const denied = [othersPreview.name, USER_SERVICE];
  return 'resourceRef' in request && denied.includes(request.resourceRef!)
    ? AuthorizeResult.DENY
    : AuthorizeResult.ALLOW;
}

async function renderPage() {
  renderTestApp({
    extensions: [environmentsApi, environmentsPage],
    initialRouteEntries: ['/environments'],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      catalogApiMock({ entities: [...teams, courseService, userService] }),
      mockApis.permission({ authorize }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  // The first import of the page's modules is slow under Jest.
  return screen.findByRole(
    'table',
    { name: 'Environments' },
    { timeout: 10_000 },
  );
}

function environmentList(): Promise<HTMLElement> {
  return screen.findByRole('table', { name: 'Environments' });
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  return within(table)
    .getByRole('rowheader', { name: new RegExp(`^${name}`) })
    .closest('tr')!;
}

describe('the environment list', () => {
  it('lists environments with tier, owner, status and preview expiry', async () => {
    serveBackend(server);
    const table = await renderPage();

    const production = rowOf(table, 'production');
    expect(within(production).getByText('Production')).toBeVisible();
    expect(within(production).getByText('Active')).toBeVisible();
    expect(within(production).getByText('Locked')).toBeVisible();
    expect(within(production).getByText('Never')).toBeVisible();
    expect(
      within(production).getByRole('link', { name: 'production' }),
    ).toHaveAttribute('href', '/environments/production');
    expect(within(production).queryByRole('button')).toBeNull();

    const previewRow = rowOf(table, 'pr-481');
    expect(
      within(previewRow).getByText('PR #481: course search'),
    ).toBeVisible();
    expect(previewRow.querySelector('time')).toHaveAttribute(
      'datetime',
      preview.expiresAt,
    );
    expect(
      within(previewRow).getByRole('link', { name: 'learning-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/learning-team');
    await waitFor(() =>
      expect(
        within(previewRow).getByRole('button', { name: 'Extend pr-481' }),
      ).toBeEnabled(),
    );
    expect(
      within(previewRow).getByRole('button', { name: 'Tear down pr-481' }),
    ).toBeEnabled();
  });

  it("disables extend and tear down of another team's preview, saying why", async () => {
    const received = serveBackend(server, {
      environments: [...environments, othersPreview],
    });
    const table = await renderPage();
    const row = rowOf(table, 'pr-900');

    const extend = within(row).getByRole('button', { name: 'Extend pr-900' });
    const tearDown = within(row).getByRole('button', {
      name: 'Tear down pr-900',
    });
    await waitFor(() =>
      expect(extend.parentElement).toHaveAttribute(
        'title',
        'Only the owners of pr-900 can extend it',
      ),
    );
    expect(extend).toBeDisabled();
    expect(tearDown).toBeDisabled();
    expect(tearDown.parentElement).toHaveAttribute(
      'title',
      'Only the owners of pr-900 can tear it down',
    );
    await user.hover(tearDown.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Only the owners of pr-900 can tear it down',
    );
    // The own preview in the same list stays usable.
    expect(
      within(rowOf(table, 'pr-481')).getByRole('button', {
        name: 'Extend pr-481',
      }),
    ).toBeEnabled();
    expect(received.filter(r => r.method !== 'GET')).toEqual([]);
  });

  it("creates a preview of a service, owned by the service's team unless another is chosen", async () => {
    const received = serveBackend(server);
    server.use(
      http.post(`${ENVIRONMENTS_API_URL}/environments`, async ({ request }) => {
        const body = (await request.json()) as Record<string, string>;
        return HttpResponse.json(
          { ...preview, name: body.name, service: body.service },
          { status: 201 },
        );
      }),
    );
    await renderPage();

    await user.click(
      screen.getByRole('button', { name: 'New preview environment' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'New preview environment',
    });
    const service = within(dialog).getByRole('combobox', { name: 'Service' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    const create = within(dialog).getByRole('button', { name: 'Create' });

    await user.type(name, 'PR_482');
    await user.click(create);
    expect(name).toHaveAccessibleDescription(/Use lowercase letters/);
    expect(service).toHaveAccessibleDescription(
      'Choose the service to preview.',
    );

    await user.clear(name);
    await user.type(name, 'pr-481');
    expect(name).toHaveAccessibleDescription(
      'An environment named pr-481 already exists.',
    );
    expect(requestsTo(received, 'POST', '/environments')).toHaveLength(0);

    await user.clear(name);
    await user.type(name, 'pr-482');
    await waitFor(() => expect(service).toBeEnabled());
    await user.selectOptions(service, 'Course Service');
    expect(
      within(dialog).getByRole('combobox', { name: 'Owner' }),
    ).toHaveDisplayValue("The service's team");
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Time to live' }),
      '72 hours',
    );
    await user.click(create);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requestsTo(received, 'POST', '/environments')[0].body).toEqual({
      name: 'pr-482',
      tier: 'preview',
      ttl: 'PT72H',
      service: COURSE_SERVICE,
    });
    // The list reloads to show it.
    expect(requestsTo(received, 'GET', '/environments')).toHaveLength(2);

    // Another team of the user's owns the next one.
    await user.click(
      screen.getByRole('button', { name: 'New preview environment' }),
    );
    const again = screen.getByRole('dialog');
    const serviceAgain = within(again).getByRole('combobox', {
      name: 'Service',
    });
    await waitFor(() => expect(serviceAgain).toBeEnabled());
    await user.selectOptions(serviceAgain, 'Course Service');
    await user.type(
      within(again).getByRole('textbox', { name: 'Name' }),
      'pr-483',
    );
    const owner = within(again).getByRole('combobox', { name: 'Owner' });
    await waitFor(() => expect(owner).toBeEnabled());
    await user.selectOptions(owner, 'Platform Team');
    await user.click(within(again).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requestsTo(received, 'POST', '/environments')[1].body).toEqual({
      name: 'pr-483',
      tier: 'preview',
      ttl: 'PT24H',
      service: COURSE_SERVICE,
      owner: 'group:default/platform-team',
    });
  });

  it('says at once when the user may not create previews of the chosen service', async () => {
    const received = serveBackend(server);
    await renderPage();
    await user.click(
      screen.getByRole('button', { name: 'New preview environment' }),
    );
    const dialog = screen.getByRole('dialog');
    const service = within(dialog).getByRole('combobox', { name: 'Service' });
    await waitFor(() => expect(service).toBeEnabled());
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Name' }),
      'pr-482',
    );

    await user.selectOptions(service, 'user-service');

    await waitFor(() =>
      expect(service).toHaveAccessibleDescription(
        'Only the owners of a service can create previews of it',
      ),
    );
    const create = within(dialog).getByRole('button', { name: 'Create' });
    expect(create).toBeDisabled();
    expect(requestsTo(received, 'POST', '/environments')).toHaveLength(0);

    await user.selectOptions(service, 'Course Service');
    await waitFor(() => expect(create).toBeEnabled());
  });

  it('shows why the backend refused a new preview', async () => {
    serveBackend(server);
    server.use(
      http.post(`${ENVIRONMENTS_API_URL}/environments`, () =>
        HttpResponse.json(
          errorBody(
            'ConflictError',
            'learning-team already has 5 live previews (environments.previews.maxActivePerOwner)',
            409,
          ),
          { status: 409 },
        ),
      ),
    );
    await renderPage();
    await user.click(
      screen.getByRole('button', { name: 'New preview environment' }),
    );
    const dialog = screen.getByRole('dialog');
    const service = within(dialog).getByRole('combobox', { name: 'Service' });
    await waitFor(() => expect(service).toBeEnabled());
    await user.selectOptions(service, 'Course Service');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Name' }),
      'pr-482',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'learning-team already has 5 live previews',
    );
  });

  it('extends and tears down previews', async () => {
    const received = serveBackend(server);
    server.use(
      http.post(`${ENVIRONMENTS_API_URL}/environments/pr-481/extend`, () =>
        HttpResponse.json({
          ...preview,
          expiresAt: '2025-11-19T09:00:00.000Z',
        }),
      ),
      http.delete(
        `${ENVIRONMENTS_API_URL}/environments/pr-481`,
        () => new HttpResponse(null, { status: 204 }),
      ),
    );
    const table = await renderPage();

    const extendButton = within(rowOf(table, 'pr-481')).getByRole('button', {
      name: 'Extend pr-481',
    });
    await waitFor(() => expect(extendButton).toBeEnabled());
    await user.click(extendButton);
    const extend = screen.getByRole('dialog', { name: 'Extend pr-481' });
    await user.selectOptions(
      within(extend).getByRole('combobox', { name: 'Add' }),
      '7 days',
    );
    await user.click(within(extend).getByRole('button', { name: 'Extend' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      requestsTo(received, 'POST', '/environments/pr-481/extend')[0].body,
    ).toEqual({ ttl: 'P7D' });

    await user.click(
      within(rowOf(await environmentList(), 'pr-481')).getByRole('button', {
        name: 'Tear down pr-481',
      }),
    );
    const confirm = screen.getByRole('dialog', { name: 'Tear down pr-481?' });
    await user.click(
      within(confirm).getByRole('button', { name: 'Tear down' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requestsTo(received, 'DELETE', '/environments/pr-481')).toHaveLength(
      1,
    );
  });
});
