// Refused javascript: URLs are what these tests are about.
/* eslint-disable no-script-url */
import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Deployment } from '@internal/plugin-deployments-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { deploymentsApi } from '../../api';
import { entityDeploymentsContent } from '../../plugin';
import {
  aDeployment,
  BACKEND_BASE_URL,
  courseService,
  currentDeploymentsOf,
  DEPLOYMENTS_API_URL,
} from '../../testing/fixtures';

const server = setupServer();
registerMswTestHooks(server);

const production = aDeployment({
  environment: 'production',
  version: '1.42.0',
  status: 'succeeded',
  triggeredBy: 'user:default/priya-raman',
  startedAt: '2025-11-10T09:12:03.000Z',
  finishedAt: '2025-11-10T09:16:15.000Z',
});
const staging = aDeployment({
  environment: 'staging',
  version: '1.43.0-rc.1',
  status: 'failed',
  commitSha: 'c0ffee1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b',
  triggeredBy: 'argocd',
  source: 'argocd',
  startedAt: '2025-11-10T08:40:00.000Z',
  finishedAt: '2025-11-10T08:41:30.000Z',
});
const development = aDeployment({
  environment: 'development',
  version: '1.43.0-rc.1',
  status: 'in_progress',
  triggeredBy: 'user:default/tomas-novak',
  startedAt: '2025-11-10T08:30:00.000Z',
  finishedAt: undefined,
});
const history = [production, staging, development];

/** Serves `history`, filtered by environment as the backend does, and records each request. */
function serveDeployments(pages?: { [cursor: string]: Deployment[] }) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(`${DEPLOYMENTS_API_URL}/current`, () =>
      HttpResponse.json(currentDeploymentsOf([production, staging])),
    ),
    http.get(`${DEPLOYMENTS_API_URL}/deployments`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(params);
      if (pages) {
        const cursor = params.get('cursor') ?? 'first';
        const next = Object.keys(pages)[Object.keys(pages).indexOf(cursor) + 1];
        return HttpResponse.json({ items: pages[cursor], nextCursor: next });
      }
      const environment = params.get('environment');
      return HttpResponse.json({
        items: history.filter(
          d => !environment || d.environment === environment,
        ),
      });
    }),
  );
  return requests;
}

function renderDeploymentsTab() {
  return renderTestApp({
    extensions: [
      createTestEntityPage({ entity: courseService }),
      entityDeploymentsContent,
      deploymentsApi,
    ],
    apis: [mockApis.discovery({ baseUrl: BACKEND_BASE_URL })],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

function dataRows(): HTMLElement[] {
  return screen
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('cell').length > 0);
}

async function rowWith(text: string): Promise<HTMLElement> {
  await screen.findAllByText(text);
  const row = dataRows().find(r => within(r).queryByText(text));
  if (!row) {
    throw new Error(`No row shows ${text}`);
  }
  return row;
}

describe('the Deployments tab', () => {
  it("lists the entity's deployments, newest first, with status, version and who", async () => {
    const requests = serveDeployments();
    renderDeploymentsTab();

    const first = await rowWith('1.42.0');
    expect(within(first).getByText('Succeeded')).toBeInTheDocument();
    expect(within(first).getByText('production')).toBeInTheDocument();
    expect(within(first).getByText('4 min 12 s')).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: 'priya-raman' }),
    ).toHaveAttribute('href', '/catalog/default/user/priya-raman');
    expect(
      within(first).getByRole('link', { name: /^4b825dc\b/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme-platform/course-service/commit/4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    );
    expect(within(first).getByRole('link', { name: /^CI\b/ })).toHaveAttribute(
      'href',
      production.url,
    );

    const [, second, third] = dataRows();
    expect(within(second).getByText('Failed')).toBeInTheDocument();
    expect(within(second).getByText('staging')).toBeInTheDocument();
    // A service account is named, not linked.
    expect(within(second).getByText('argocd')).toBeInTheDocument();
    expect(within(second).queryByRole('link', { name: 'argocd' })).toBeNull();
    expect(within(third).getByText('In progress')).toBeInTheDocument();
    expect(within(third).getByText('—')).toBeInTheDocument();

    expect(requests[0].get('entityRef')).toBe(
      'component:default/course-service',
    );
  });

  it('filters by an environment the entity was deployed to', async () => {
    const requests = serveDeployments();
    renderDeploymentsTab();
    await rowWith('1.42.0');
    expect(dataRows()).toHaveLength(3);

    const environment = screen.getByRole('combobox', { name: 'Environment' });
    // The choices come from the current versions, in promotion order.
    expect(
      within(environment)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['All environments', 'staging', 'production']);
    await userEvent.selectOptions(environment, 'production');

    await waitFor(() => expect(dataRows()).toHaveLength(1));
    expect(within(dataRows()[0]).getByText('production')).toBeInTheDocument();
    expect(requests[requests.length - 1].get('environment')).toBe('production');
  });

  it('loads older deployments with the cursor and appends them', async () => {
    const requests = serveDeployments({
      first: [production, staging],
      'cursor-after-staging': [development],
    });
    renderDeploymentsTab();
    await rowWith('1.42.0');
    expect(dataRows()).toHaveLength(2);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    await waitFor(() => expect(dataRows()).toHaveLength(3));
    expect(within(dataRows()[2]).getByText('In progress')).toBeInTheDocument();
    expect(within(dataRows()[0]).getByText('1.42.0')).toBeInTheDocument();
    expect(requests[requests.length - 1].get('cursor')).toBe(
      'cursor-after-staging',
    );
    // That was the last page.
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it.each([
    ['javascript:alert(document.cookie)'],
    ['JAVASCRIPT:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['/relative/run/1'],
    ['https://ci:secret@ci.acme.example.com/runs/1'],
  ])(
    'shows the source of a deployment whose url is %p as text, not a link',
    async url => {
      const unsafe = aDeployment({ version: '6.6.6', url });
      server.use(
        http.get(`${DEPLOYMENTS_API_URL}/current`, () =>
          HttpResponse.json(currentDeploymentsOf([])),
        ),
        http.get(`${DEPLOYMENTS_API_URL}/deployments`, () =>
          HttpResponse.json({ items: [unsafe, production] }),
        ),
      );
      renderDeploymentsTab();

      const row = await rowWith('6.6.6');
      expect(within(row).getByText('CI')).toBeInTheDocument();
      expect(within(row).queryByRole('link', { name: /^CI\b/ })).toBeNull();
      const hrefs = screen
        .getAllByRole('link')
        .map(link => link.getAttribute('href'));
      expect(hrefs).not.toContain(url);
      expect(hrefs.some(href => /^(javascript|data):/i.test(href ?? ''))).toBe(
        false,
      );
      // The rest of the table still renders, links and all.
      const safe = await rowWith('1.42.0');
      expect(within(safe).getByRole('link', { name: /^CI\b/ })).toHaveAttribute(
        'href',
        production.url,
      );
    },
  );

  it('shows why the deployments could not be loaded', async () => {
    server.use(
      http.get(`${DEPLOYMENTS_API_URL}/current`, () =>
        HttpResponse.json(currentDeploymentsOf([])),
      ),
      http.get(`${DEPLOYMENTS_API_URL}/deployments`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'Invalid entityRef component:default/',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    renderDeploymentsTab();

    expect(
      await screen.findByText(/Invalid entityRef component:default\//),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
