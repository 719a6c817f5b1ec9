// Refused javascript: URLs are what these tests are about.
/* eslint-disable no-script-url */
import { GroupEntity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { deploymentsApi } from '../../api';
import { deploymentsPage } from '../../plugin';
import {
  aDeployment,
  BACKEND_BASE_URL,
  DEPLOYMENTS_API_URL,
  learningTeamDoraMetrics,
} from '../../testing/fixtures';

const server = setupServer();
registerMswTestHooks(server);

function group(name: string, displayName: string): GroupEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', profile: { displayName }, children: [] },
  };
}

const LEARNING_TEAM = 'group:default/learning-team';

function serveBackend() {
  const listRequests: URLSearchParams[] = [];
  const doraRequests: URLSearchParams[] = [];
  server.use(
    http.get(`${DEPLOYMENTS_API_URL}/deployments`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      listRequests.push(params);
      const owned = params.get('owner') === LEARNING_TEAM;
      return HttpResponse.json({
        items: [
          aDeployment({ entityRef: 'component:default/course-service' }),
          aDeployment({
            entityRef: 'component:default/user-service',
            version: '3.8.1',
          }),
          ...(owned
            ? []
            : [
                aDeployment({
                  entityRef: 'component:default/job-board',
                  version: '0.9.0',
                }),
              ]),
        ],
      });
    }),
    http.get(`${DEPLOYMENTS_API_URL}/metrics/dora`, ({ request }) => {
      doraRequests.push(new URL(request.url).searchParams);
      return HttpResponse.json(learningTeamDoraMetrics());
    }),
  );
  return { listRequests, doraRequests };
}

/** Renders the page and waits for its lazily loaded content. */
async function renderPage(path = '/deployments') {
  renderTestApp({
    extensions: [deploymentsApi, deploymentsPage],
    initialRouteEntries: [path],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      catalogApiMock({
        entities: [
          group('learning-team', 'Learning Team'),
          group('jobs-team', 'Jobs Team'),
        ],
      }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  // The first import of the page's modules is slow under Jest.
  await screen.findByRole('group', { name: 'Filters' }, { timeout: 10_000 });
}

function metricCard(title: string): HTMLElement {
  return screen.getByRole('region', { name: title });
}

describe('the deployments page', () => {
  it('lists deployments of all teams and asks for a team before DORA', async () => {
    const { listRequests, doraRequests } = serveBackend();
    await renderPage();

    expect(
      await screen.findByRole('link', { name: 'job-board' }),
    ).toHaveAttribute('href', '/catalog/default/component/job-board');
    expect(
      screen.getByText('Pick a team to see its DORA metrics.'),
    ).toBeInTheDocument();
    expect(doraRequests).toHaveLength(0);
    expect(listRequests[0].has('owner')).toBe(false);
    // The default window is the last 7 days.
    const since = Date.parse(listRequests[0].get('since')!);
    expect(Date.now() - since).toBeCloseTo(7 * 24 * 3600 * 1000, -5);
  });

  it('renders a deployment with a javascript: url without a link, and without failing', async () => {
    server.use(
      http.get(`${DEPLOYMENTS_API_URL}/deployments`, () =>
        HttpResponse.json({
          items: [
            aDeployment({
              entityRef: 'component:default/job-board',
              url: 'javascript:alert(document.cookie)',
            }),
            aDeployment({
              entityRef: 'component:default/user-service',
              source: 'argocd',
              url: 'data:text/html,<script>alert(1)</script>',
            }),
          ],
        }),
      ),
    );
    await renderPage();

    expect(
      await screen.findByRole('link', { name: 'job-board' }),
    ).toBeInTheDocument();
    expect(screen.getByText('CI')).toBeInTheDocument();
    expect(screen.getByText('Argo CD')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'CI' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Argo CD' })).toBeNull();
    const hrefs = screen
      .getAllByRole('link')
      .map(link => link.getAttribute('href') ?? '');
    expect(hrefs.filter(href => /^(javascript|data):/i.test(href))).toEqual([]);
  });

  it("shows the chosen team's deployments and DORA metrics", async () => {
    const { listRequests, doraRequests } = serveBackend();
    await renderPage();

    const team = screen.getByRole('combobox', { name: 'Team' });
    await waitFor(() => expect(team).toBeEnabled());
    await userEvent.selectOptions(team, 'Learning Team');

    const frequency = await screen.findByRole('region', {
      name: 'Deployment frequency',
    });
    expect(within(frequency).getByText('5.2 per week')).toBeInTheDocument();
    expect(within(frequency).getByText('High')).toBeInTheDocument();
    expect(within(frequency).getByText('From 68 deployments')).toBeVisible();

    const leadTime = metricCard('Lead time for changes');
    expect(within(leadTime).getByText('3 h 25 min')).toBeInTheDocument();
    expect(within(leadTime).getByText('Elite')).toBeInTheDocument();
    expect(within(leadTime).getByText('From 64 changes')).toBeInTheDocument();

    const failureRate = metricCard('Change failure rate');
    expect(within(failureRate).getByText('8.8%')).toBeInTheDocument();
    expect(within(failureRate).getByText('High')).toBeInTheDocument();

    const restore = metricCard('Time to restore');
    expect(within(restore).getByText('No data')).toBeInTheDocument();
    expect(within(restore).getByText('Not rated')).toBeInTheDocument();
    expect(within(restore).getByText('From 0 failures')).toBeInTheDocument();

    const chart = screen.getByRole('img', {
      name: 'Successful deployments per week',
    });
    expect(chart.querySelectorAll('rect')).toHaveLength(14);
    expect(
      screen.getByText(
        'Last 4 weeks: Up 28.6% on the 4 weeks before (27 vs 21 deployments)',
      ),
    ).toBeInTheDocument();

    await waitFor(() => expect(screen.queryByText('job-board')).toBeNull());
    expect(screen.getByRole('link', { name: 'user-service' })).toBeVisible();
    expect(doraRequests).toHaveLength(1);
    expect(doraRequests[0].get('owner')).toBe(LEARNING_TEAM);
    // No environment picked: the backend reports on production.
    expect(doraRequests[0].has('environment')).toBe(false);
    expect(listRequests[listRequests.length - 1].get('owner')).toBe(
      LEARNING_TEAM,
    );
  });

  it('takes its filters from the URL and passes them on', async () => {
    const { listRequests, doraRequests } = serveBackend();
    await renderPage(
      `/deployments?team=${LEARNING_TEAM}&environment=staging&status=failed&range=24h`,
    );

    await screen.findByRole('region', { name: 'Deployment frequency' });
    expect(screen.getByRole('combobox', { name: 'Environment' })).toHaveValue(
      'staging',
    );
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue(
      'failed',
    );
    expect(screen.getByRole('combobox', { name: 'Time range' })).toHaveValue(
      '24h',
    );

    const list = listRequests[listRequests.length - 1];
    expect(list.get('owner')).toBe(LEARNING_TEAM);
    expect(list.get('environment')).toBe('staging');
    expect(list.get('status')).toBe('failed');
    expect(Date.now() - Date.parse(list.get('since')!)).toBeCloseTo(
      24 * 3600 * 1000,
      -5,
    );
    expect(doraRequests[0].get('owner')).toBe(LEARNING_TEAM);
    expect(doraRequests[0].get('environment')).toBe('staging');
  });
});
