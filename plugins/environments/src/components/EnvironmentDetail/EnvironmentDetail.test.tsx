import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  ConfigDiff,
  MASKED_SECRET_VALUE,
} from '@internal/plugin-environments-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { environmentsApi } from '../../api';
import { environmentsPage } from '../../plugin';
import {
  FakeBackendData,
  requestsTo,
  serveBackend,
} from '../../__testUtils__/backend';
import {
  aConfigEntry,
  BACKEND_BASE_URL,
  ENVIRONMENTS_API_URL,
  errorBody,
  teams,
} from '../../__testUtils__/fixtures';

const server = setupServer();
registerMswTestHooks(server);

let user: UserEvent;
beforeEach(() => {
  // Without pauses between keystrokes: the dialogs take a lot of typing.
  user = userEvent.setup({ delay: null });
});

const DATABASE_PASSWORD = 'correct-horse-battery-staple';

const stagingConfig = [
  aConfigEntry({ key: 'LOG_LEVEL', value: 'debug' }),
  aConfigEntry({
    key: 'DATABASE_PASSWORD',
    value: MASKED_SECRET_VALUE,
    secret: true,
  }),
];

/** What the page shows when staging is compared with production. */
const stagingVsProduction: ConfigDiff = {
  from: 'staging',
  to: 'production',
  items: [
    {
      key: 'DATABASE_PASSWORD',
      from: { value: MASKED_SECRET_VALUE, secret: true },
      to: { value: MASKED_SECRET_VALUE, secret: true },
      status: 'different',
    },
    {
      key: 'FEATURE_SEARCH_V2',
      from: { value: 'true', secret: false },
      status: 'only-from',
    },
    {
      key: 'CDN_URL',
      to: { value: 'https://cdn.acme.example.com', secret: false },
      status: 'only-to',
    },
    {
      key: 'LOG_LEVEL',
      from: { value: 'info', secret: false },
      to: { value: 'info', secret: false },
      status: 'same',
    },
  ],
};

async function renderEnvironment(
  name: string,
  data: FakeBackendData = {},
  search = '',
) {
  const received = serveBackend(server, {
    config: { staging: stagingConfig },
    ...data,
  });
  renderTestApp({
    extensions: [environmentsApi, environmentsPage],
    initialRouteEntries: [`/environments/${name}${search}`],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      catalogApiMock({ entities: teams }),
      mockApis.permission(),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  // The first import of the page's modules is slow under Jest.
  await screen.findByRole(
    'heading',
    { name: 'Configuration' },
    { timeout: 10_000 },
  );
  return received;
}

function configTable(): Promise<HTMLElement> {
  return screen.findByRole('table', { name: 'Configuration of staging' });
}

function rowOf(table: HTMLElement, key: string): HTMLElement {
  return within(table).getByRole('rowheader', { name: key }).closest('tr')!;
}

describe('the environment page', () => {
  it('shows the lock, and links back to all environments', async () => {
    await renderEnvironment('production');

    expect(screen.getByText('production is locked')).toBeVisible();
    expect(
      screen.getByText(/^Release freeze for the winter sale, until /),
    ).toBeVisible();
    const breadcrumbs = screen.getByRole('list', { name: 'Breadcrumbs' });
    expect(
      within(breadcrumbs).getByRole('link', { name: 'Environments' }),
    ).toHaveAttribute('href', '/environments');
    expect(within(breadcrumbs).getByText('production')).toBeVisible();
  });

  describe('configuration', () => {
    it('never shows secret values, whatever the backend sends', async () => {
      await renderEnvironment('staging', {
        config: {
          staging: [
            ...stagingConfig,
            // A backend bug must not leak a secret to the screen.
            aConfigEntry({
              key: 'API_TOKEN',
              value: 'ghp_leakedtoken',
              secret: true,
            }),
          ],
        },
      });
      const table = await configTable();

      expect(
        within(rowOf(table, 'LOG_LEVEL')).getByText('debug'),
      ).toBeVisible();
      for (const key of ['DATABASE_PASSWORD', 'API_TOKEN']) {
        const row = rowOf(table, key);
        expect(within(row).getByText(MASKED_SECRET_VALUE)).toBeVisible();
        expect(within(row).getByText('Secret')).toBeVisible();
      }
      expect(screen.queryByText(/ghp_leakedtoken/)).toBeNull();
    });

    it('adds a secret without ever showing its value', async () => {
      const received = await renderEnvironment('staging');
      let saved = false;
      server.use(
        http.put(
          `${ENVIRONMENTS_API_URL}/environments/staging/config/DATABASE_URL`,
          () => {
            saved = true;
            return HttpResponse.json(
              aConfigEntry({
                key: 'DATABASE_URL',
                value: MASKED_SECRET_VALUE,
                secret: true,
              }),
            );
          },
        ),
        http.get(`${ENVIRONMENTS_API_URL}/environments/staging/config`, () =>
          HttpResponse.json({
            items: [
              ...stagingConfig,
              ...(saved
                ? [
                    aConfigEntry({
                      key: 'DATABASE_URL',
                      value: MASKED_SECRET_VALUE,
                      secret: true,
                    }),
                  ]
                : []),
            ],
          }),
        ),
      );
      await configTable();

      await user.click(screen.getByRole('button', { name: 'Add entry' }));
      const dialog = screen.getByRole('dialog', {
        name: 'Add configuration entry',
      });
      await user.type(
        within(dialog).getByRole('textbox', { name: 'Key' }),
        'DATABASE_URL',
      );
      await user.click(
        within(dialog).getByRole('checkbox', { name: 'Secret' }),
      );
      const value = within(dialog).getByLabelText('Value', { exact: false });
      // A password field: what is typed is masked on screen.
      expect(value).toHaveAttribute('type', 'password');
      await user.type(value, DATABASE_PASSWORD);
      await user.click(within(dialog).getByRole('button', { name: 'Save' }));

      const table = await configTable();
      await waitFor(() =>
        expect(
          within(table).getByRole('rowheader', { name: 'DATABASE_URL' }),
        ).toBeVisible(),
      );
      expect(
        within(rowOf(table, 'DATABASE_URL')).getByText(MASKED_SECRET_VALUE),
      ).toBeVisible();
      expect(screen.queryByDisplayValue(DATABASE_PASSWORD)).toBeNull();
      expect(screen.queryByText(DATABASE_PASSWORD)).toBeNull();
      expect(
        requestsTo(
          received,
          'PUT',
          '/environments/staging/config/DATABASE_URL',
        )[0].body,
      ).toEqual({ value: DATABASE_PASSWORD, secret: true });
    });

    it('asks for a new value to edit a secret, and rejects bad keys', async () => {
      const received = await renderEnvironment('staging');
      const table = await configTable();

      await user.click(
        within(rowOf(table, 'DATABASE_PASSWORD')).getByRole('button', {
          name: 'Edit DATABASE_PASSWORD',
        }),
      );
      const edit = screen.getByRole('dialog', {
        name: 'Edit DATABASE_PASSWORD',
      });
      const value = within(edit).getByLabelText('Value', { exact: false });
      expect(value).toHaveValue('');
      await user.click(within(edit).getByRole('button', { name: 'Save' }));
      expect(value).toHaveAccessibleDescription(/Enter the value/);
      await user.click(within(edit).getByRole('button', { name: 'Cancel' }));

      await user.click(screen.getByRole('button', { name: 'Add entry' }));
      const add = screen.getByRole('dialog', {
        name: 'Add configuration entry',
      });
      const key = within(add).getByRole('textbox', { name: 'Key' });
      await user.type(key, '1ST_KEY');
      await user.click(within(add).getByRole('button', { name: 'Save' }));
      expect(key).toHaveAccessibleDescription(/starting with a letter/);
      await user.clear(key);
      await user.type(key, 'LOG_LEVEL');
      expect(key).toHaveAccessibleDescription(
        'LOG_LEVEL is already set; edit it instead.',
      );
      expect(received.filter(r => r.method === 'PUT')).toHaveLength(0);
    });

    it('deletes an entry after confirmation', async () => {
      const received = await renderEnvironment('staging');
      server.use(
        http.delete(
          `${ENVIRONMENTS_API_URL}/environments/staging/config/LOG_LEVEL`,
          () => new HttpResponse(null, { status: 204 }),
        ),
      );
      const table = await configTable();

      await user.click(
        within(rowOf(table, 'LOG_LEVEL')).getByRole('button', {
          name: 'Delete LOG_LEVEL',
        }),
      );
      await user.click(
        within(
          screen.getByRole('dialog', { name: 'Delete LOG_LEVEL?' }),
        ).getByRole('button', { name: 'Delete' }),
      );

      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(
        requestsTo(
          received,
          'DELETE',
          '/environments/staging/config/LOG_LEVEL',
        ),
      ).toHaveLength(1);
    });
  });

  describe('compare with', () => {
    it('shows each key with its status, secrets masked', async () => {
      const received = await renderEnvironment('staging', {
        diff: stagingVsProduction,
      });
      expect(
        screen.getByText(
          'Choose an environment to see where its configuration differs.',
        ),
      ).toBeVisible();

      const compareWith = screen.getByRole('combobox', {
        name: 'Compare with',
      });
      expect(
        within(compareWith)
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual([
        'Choose an environment',
        'development',
        'production',
        'pr-481',
      ]);
      await user.selectOptions(compareWith, 'production');

      const table = await screen.findByRole('table', {
        name: 'Configuration of staging compared with production',
      });
      const statusOf = (key: string) =>
        within(rowOf(table, key)).getAllByRole('cell')[2].textContent;
      expect(statusOf('DATABASE_PASSWORD')).toBe('Different');
      expect(statusOf('FEATURE_SEARCH_V2')).toBe('Only in staging');
      expect(statusOf('CDN_URL')).toBe('Only in production');
      expect(statusOf('LOG_LEVEL')).toBe('Same');
      expect(
        within(rowOf(table, 'DATABASE_PASSWORD')).getAllByText(
          MASKED_SECRET_VALUE,
        ),
      ).toHaveLength(2);
      expect(
        within(rowOf(table, 'CDN_URL')).getByText('Not set'),
      ).toBeVisible();
      expect(
        screen.getByText(
          '1 different, 1 only in staging, 1 only in production, 1 same',
        ),
      ).toBeVisible();

      const request = requestsTo(received, 'GET', '/config-diff')[0];
      expect(request.params.get('from')).toBe('staging');
      expect(request.params.get('to')).toBe('production');

      await user.click(
        screen.getByRole('checkbox', { name: 'Differences only' }),
      );
      expect(
        within(table).queryByRole('rowheader', { name: 'LOG_LEVEL' }),
      ).toBeNull();
      expect(within(table).getAllByRole('row')).toHaveLength(4);
    });

    it('says which secrets the user may not compare', async () => {
      await renderEnvironment(
        'staging',
        {
          diff: {
            from: 'staging',
            to: 'production',
            items: [
              {
                key: 'DATABASE_PASSWORD',
                from: { value: MASKED_SECRET_VALUE, secret: true },
                to: { value: MASKED_SECRET_VALUE, secret: true },
                status: 'not_compared',
              },
              {
                key: 'API_TOKEN',
                from: { value: MASKED_SECRET_VALUE, secret: true },
                to: { value: 'abc', secret: false },
                status: 'not_compared',
              },
              {
                key: 'LOG_LEVEL',
                from: { value: 'info', secret: false },
                to: { value: 'info', secret: false },
                status: 'same',
              },
            ],
          },
        },
        '?compare=production',
      );

      const table = await screen.findByRole('table', {
        name: 'Configuration of staging compared with production',
      });
      const statusOf = (key: string) =>
        within(rowOf(table, key)).getAllByRole('cell')[2].textContent;
      expect(statusOf('DATABASE_PASSWORD')).toBe(
        'Secret — you cannot compare it',
      );
      expect(statusOf('API_TOKEN')).toBe('Secret — you cannot compare it');
      expect(statusOf('LOG_LEVEL')).toBe('Same');
      expect(screen.getByText('2 secrets not compared, 1 same')).toBeVisible();
      // Not compared is no known difference, but not "the same" either.
      await user.click(
        screen.getByRole('checkbox', { name: 'Differences only' }),
      );
      expect(
        within(table).getByRole('rowheader', { name: 'DATABASE_PASSWORD' }),
      ).toBeVisible();
    });

    it('takes the environment to compare with from the URL', async () => {
      await renderEnvironment(
        'staging',
        { diff: stagingVsProduction },
        '?compare=production',
      );

      expect(
        await screen.findByRole('table', {
          name: 'Configuration of staging compared with production',
        }),
      ).toBeVisible();
      expect(
        screen.getByRole('combobox', { name: 'Compare with' }),
      ).toHaveValue('production');
    });
  });

  describe('locks and freeze windows', () => {
    it('locks with a reason and an end, and lifts locks', async () => {
      const received = await renderEnvironment('staging', {
        locks: [
          {
            id: 'lock-1',
            environment: 'staging',
            reason: 'Load test until noon',
            createdBy: 'user:default/priya-raman',
            createdAt: '2025-11-10T09:00:00.000Z',
          },
        ],
      });
      server.use(
        http.post(`${ENVIRONMENTS_API_URL}/locks`, async ({ request }) =>
          HttpResponse.json(
            {
              id: 'lock-2',
              ...((await request.json()) as object),
              createdBy: 'user:default/guest',
              createdAt: new Date().toISOString(),
            },
            { status: 201 },
          ),
        ),
        http.delete(
          `${ENVIRONMENTS_API_URL}/locks/lock-1`,
          () => new HttpResponse(null, { status: 204 }),
        ),
      );

      const locks = await screen.findByRole('table', {
        name: 'Locks of staging',
      });
      const row = within(locks)
        .getByRole('rowheader', { name: 'Load test until noon' })
        .closest('tr')!;
      expect(within(row).getByText('Until lifted')).toBeVisible();

      await user.click(
        screen.getByRole('button', { name: 'Lock environment' }),
      );
      const dialog = screen.getByRole('dialog', { name: 'Lock staging' });
      const lock = within(dialog).getByRole('button', { name: 'Lock' });
      await user.click(lock);
      expect(
        within(dialog).getByRole('textbox', { name: 'Reason' }),
      ).toHaveAccessibleDescription(/Say why/);

      await user.type(
        within(dialog).getByRole('textbox', { name: 'Reason' }),
        'Database migration',
      );
      const until = within(dialog).getByLabelText('Until');
      await user.type(until, '2020-01-01T10:00');
      await user.click(lock);
      expect(until).toHaveAccessibleDescription(
        'Choose a moment in the future.',
      );

      await user.clear(until);
      await user.type(until, '2099-01-01T10:00');
      await user.click(lock);
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      const [created] = requestsTo(received, 'POST', '/locks');
      expect(created.body).toEqual({
        environment: 'staging',
        reason: 'Database migration',
        until: expect.stringMatching(/^2099-01-01T\d\d:00:00\.000Z$/),
      });

      await user.click(
        within(row).getByRole('button', {
          name: 'Lift lock: Load test until noon',
        }),
      );
      await user.click(
        within(
          screen.getByRole('dialog', { name: 'Lift the lock on staging?' }),
        ).getByRole('button', { name: 'Lift lock' }),
      );
      await waitFor(() =>
        expect(requestsTo(received, 'DELETE', '/locks/lock-1')).toHaveLength(1),
      );
      // The environment reloads, to show whether it is still locked.
      await waitFor(() =>
        expect(
          requestsTo(received, 'GET', '/environments').length,
        ).toBeGreaterThanOrEqual(3),
      );
    });

    it('shows why a lock could not be created', async () => {
      await renderEnvironment('staging');
      server.use(
        http.post(`${ENVIRONMENTS_API_URL}/locks`, () =>
          HttpResponse.json(
            errorBody('NotAllowedError', 'Locking needs environment.lock', 403),
            { status: 403 },
          ),
        ),
      );
      await screen.findByText(/^Not locked\./);

      await user.click(
        screen.getByRole('button', { name: 'Lock environment' }),
      );
      const dialog = screen.getByRole('dialog', { name: 'Lock staging' });
      await user.type(
        within(dialog).getByRole('textbox', { name: 'Reason' }),
        'Database migration',
      );
      await user.click(within(dialog).getByRole('button', { name: 'Lock' }));

      expect(
        await within(dialog).findByRole('alert', { name: 'Not allowed' }),
      ).toHaveTextContent('Locking needs environment.lock');
    });

    it('shows the freeze windows and whether one is in force', async () => {
      await renderEnvironment('production', {
        freezeWindows: [
          {
            id: 'config:0',
            environment: 'production',
            reason: 'Weekend freeze',
            timeZone: 'Europe/Berlin',
            start: { day: 'friday', time: '16:00' },
            end: { day: 'monday', time: '08:00' },
            source: 'config',
            active: true,
          },
        ],
      });

      const windows = await screen.findByRole('table', {
        name: 'Freeze windows of production',
      });
      const row = within(windows)
        .getByRole('rowheader', {
          name: 'Friday 16:00 – Monday 08:00 (Europe/Berlin)',
        })
        .closest('tr')!;
      expect(within(row).getByText('Weekend freeze')).toBeVisible();
      expect(within(row).getByText('In force')).toBeVisible();
    });
  });

  describe('audit trail', () => {
    it('lists changes newest first and loads older ones', async () => {
      const received = await renderEnvironment('staging', {
        audit: {
          items: [
            {
              id: 'a2',
              environment: 'staging',
              action: 'config.set',
              actor: 'user:default/priya-raman',
              createdAt: '2025-11-10T09:00:00.000Z',
              details: { key: 'DATABASE_PASSWORD', secret: true },
            },
          ],
          nextCursor: 'after-a2',
        },
      });

      const trail = await screen.findByRole('table', {
        name: 'Audit trail of staging',
      });
      const [, first] = within(trail).getAllByRole('row');
      expect(within(first).getByText('Configuration set')).toBeVisible();
      expect(
        within(first).getByText('key: DATABASE_PASSWORD, secret: true'),
      ).toBeVisible();
      expect(
        within(first).getByRole('link', { name: 'priya-raman' }),
      ).toHaveAttribute('href', '/catalog/default/user/priya-raman');

      server.use(
        http.get(`${ENVIRONMENTS_API_URL}/audit`, () =>
          HttpResponse.json({
            items: [
              {
                id: 'a1',
                environment: 'staging',
                action: 'lock.create',
                actor: 'service:environments',
                createdAt: '2025-11-09T09:00:00.000Z',
                details: { reason: 'Load test' },
              },
            ],
          }),
        ),
      );
      await user.click(screen.getByRole('button', { name: 'Load more' }));

      await waitFor(() =>
        expect(within(trail).getAllByRole('row')).toHaveLength(3),
      );
      expect(within(trail).getByText('service:environments')).toBeVisible();
      expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
      const requests = requestsTo(received, 'GET', '/audit');
      expect(requests[0].params.get('environment')).toBe('staging');
      expect(requests[1].params.get('cursor')).toBe('after-a2');
    });
  });

  it('says so when there is no such environment', async () => {
    serveBackend(server);
    renderTestApp({
      extensions: [environmentsApi, environmentsPage],
      initialRouteEntries: ['/environments/pr-9'],
      apis: [mockApis.discovery({ baseUrl: BACKEND_BASE_URL })],
    });

    expect(
      await screen.findByText(
        'No environment named pr-9',
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'See all environments' }),
    ).toHaveAttribute('href', '/environments');
  });
});
