import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { DeploymentsClient } from '@internal/plugin-deployments-common';
import { PrometheusClient } from '@internal/plugin-prometheus-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { deploymentsApiRef } from '@internal/plugin-deployments-react';
import { prometheusApiRef } from '@internal/plugin-prometheus-react';
import { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
import { argoCDApiRef } from '@roadiehq/backstage-plugin-argo-cd';
import { platformStatusPage } from '../../plugin';
import {
  aDeployment,
  aGroup,
  anAlert,
  aService,
  BACKEND_BASE_URL,
  DEPLOYMENTS_API_URL,
  errorRatioValue,
  PROMETHEUS_API_URL,
} from '../../__testUtils__/fixtures';

const server = setupServer();
registerMswTestHooks(server);

const services = [
  aService('course-service', 'learning-team', 'learning-platform'),
  aService('jobs-api', 'jobs-team', 'job-platform'),
  aService('pipeline-engine', 'platform-team', 'developer-platform'),
  aService('legacy-service', 'learning-team', 'learning-platform', {}),
  // Two ArgoCD applications (one per region) found by a label selector.
  aService('jobs-worker', 'jobs-team', 'job-platform', {
    'argocd/app-selector': 'backstage-name=jobs-worker',
  }),
];
const entities: Entity[] = [
  ...services,
  aGroup('learning-team', 'Learning Team'),
  aGroup('jobs-team', 'Jobs Team'),
  aGroup('platform-team', 'Platform Team'),
  // Not a service: never listed.
  {
    ...aService('learning-frontend', 'learning-team', 'learning-platform'),
    spec: { type: 'website', owner: 'learning-team' },
  },
];

const ARGO: Record<string, { sync: string; health: string }> = {
  'course-service': { sync: 'Synced', health: 'Healthy' },
  'jobs-api': { sync: 'Synced', health: 'Degraded' },
  'pipeline-engine': { sync: 'OutOfSync', health: 'Healthy' },
};

const appsBySelector: Record<string, { sync: string; health: string }[]> = {
  'backstage-name=jobs-worker': [
    { sync: 'Synced', health: 'Healthy' },
    { sync: 'Synced', health: 'Progressing' },
  ],
};

const argoApi = {
  serviceLocatorUrl: async ({
    appName,
    appSelector,
  }: {
    appName?: string;
    appSelector?: string;
  }) => [
    {
      name: 'local-double',
      url: 'http://argocd',
      appName: appName ? [appName] : [`${appSelector}-eu`, `${appSelector}-us`],
    },
  ],
  getAppListDetails: async ({ appSelector }: { appSelector: string }) =>
    ({
      items: appsBySelector[appSelector].map((status, index) => ({
        metadata: { name: `jobs-worker-${index}`, namespace: 'argocd' },
        status: {
          sync: { status: status.sync },
          health: { status: status.health },
          history: [],
        },
      })),
    } as any),
  getAppDetails: async ({ appName }: { appName: string }) =>
    ({
      metadata: { name: appName, namespace: 'argocd', instance: undefined },
      status: {
        sync: { status: ARGO[appName].sync },
        health: { status: ARGO[appName].health },
        operationState: undefined,
        history: [],
      },
    } as any),
};

const kubernetesApi = {
  getObjectsByEntity: async ({ entity }: { entity: Entity }) => {
    if (entity.metadata.name === 'pipeline-engine') {
      throw new Error('cluster local-double is unreachable');
    }
    return {
      items: [
        {
          cluster: { name: 'local-double' },
          resources: [
            {
              type: 'deployments',
              resources: [
                { spec: { replicas: 2 }, status: { readyReplicas: 2 } },
              ],
            },
          ],
          errors: [],
          podMetrics: [],
        },
      ],
    } as any;
  },
};

let summaryRequests = 0;

function serveBackends() {
  summaryRequests = 0;
  const deploymentRequests: URLSearchParams[] = [];
  server.use(
    http.get(`${PROMETHEUS_API_URL}/summary`, () => {
      summaryRequests++;
      return HttpResponse.json({
        generatedAt: new Date().toISOString(),
        // Like the backend: every entity with a selector, by ref.
        items: services
          .filter(s => s.metadata.annotations?.['prometheus.io/selector'])
          .map(s => {
            const entityRef = `component:default/${s.metadata.name}`;
            const jobs = entityRef === 'component:default/jobs-api';
            return {
              entityRef,
              instance: 'local',
              selector: `app="${s.metadata.name}"`,
              signals: [errorRatioValue(jobs ? 0.12 : 0.002)],
              alerts: jobs ? [anAlert('JobsApiDown', 'critical')] : [],
            };
          }),
      });
    }),
    http.get(`${DEPLOYMENTS_API_URL}/deployments`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      deploymentRequests.push(params);
      const entityRef = params.get('entityRef')!;
      if (entityRef.endsWith('legacy-service')) {
        return HttpResponse.json({ items: [] });
      }
      return HttpResponse.json({
        items: [
          aDeployment({
            entityRef,
            environment: params.get('environment') ?? 'production',
            version: '2.0.0',
            status: entityRef.endsWith('pipeline-engine')
              ? 'failed'
              : 'succeeded',
          }),
        ],
      });
    }),
  );
  return deploymentRequests;
}

async function renderPage(path = '/platform-status') {
  const discoveryApi = {
    getBaseUrl: async (id: string) => `${BACKEND_BASE_URL}/api/${id}`,
  };
  renderTestApp({
    extensions: [platformStatusPage],
    initialRouteEntries: [path],
    apis: [
      mockApis.discovery({ baseUrl: BACKEND_BASE_URL }),
      catalogApiMock({ entities }),
      [argoCDApiRef, argoApi],
      [kubernetesApiRef, kubernetesApi],
      [prometheusApiRef, new PrometheusClient({ discoveryApi })],
      [deploymentsApiRef, new DeploymentsClient({ discoveryApi })],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return screen.findByRole(
    'table',
    { name: 'Services, worst first' },
    { timeout: 10_000 },
  );
}

function serviceNames(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('rowheader')
    .map(header => header.textContent ?? '');
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  return within(table).getByRole('rowheader', { name }).closest('tr')!;
}

describe('the platform status page', () => {
  it('lists every service worst first, with each source, linking to the entity', async () => {
    const deploymentRequests = serveBackends();
    const table = await renderPage();

    expect(serviceNames(table)).toEqual([
      'jobs-api',
      'pipeline-engine',
      'jobs-worker',
      'course-service',
      'legacy-service',
    ]);

    const jobs = rowOf(table, 'jobs-api');
    expect(within(jobs).getByText('Critical')).toBeInTheDocument();
    expect(within(jobs).getByText('Degraded')).toBeInTheDocument();
    expect(within(jobs).getByText('1 firing')).toBeInTheDocument();
    expect(within(jobs).getByText('12%')).toBeInTheDocument();
    expect(
      within(jobs).getByRole('link', { name: 'jobs-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/jobs-api');

    const pipeline = rowOf(table, 'pipeline-engine');
    expect(within(pipeline).getByText('Warning')).toBeInTheDocument();
    expect(within(pipeline).getByText('OutOfSync')).toBeInTheDocument();
    expect(within(pipeline).getByText('Unavailable')).toBeInTheDocument();
    expect(within(pipeline).getByText('Failed')).toBeInTheDocument();

    // The worst of the applications its selector matches.
    const worker = rowOf(table, 'jobs-worker');
    expect(within(worker).getByText('Progressing')).toBeInTheDocument();
    expect(within(worker).queryByText('Healthy')).not.toBeInTheDocument();

    const course = rowOf(table, 'course-service');
    expect(within(course).getByText('OK')).toBeInTheDocument();
    expect(within(course).getByText('Healthy')).toBeInTheDocument();
    expect(within(course).getByText('2/2 ready')).toBeInTheDocument();
    expect(within(course).getByText('None')).toBeInTheDocument();
    expect(within(course).getByText('0.2%')).toBeInTheDocument();
    expect(within(course).getByText('2.0.0')).toBeInTheDocument();

    const legacy = rowOf(table, 'legacy-service');
    expect(within(legacy).getAllByLabelText('Not set up')).toHaveLength(4);
    expect(within(legacy).getByText('Never deployed')).toBeInTheDocument();

    expect(screen.getByText('1 critical, 2 warning, 2 OK')).toBeInTheDocument();
    expect(
      deploymentRequests.every(p => p.get('environment') === 'production'),
    ).toBe(true);
    expect(deploymentRequests.map(p => p.get('limit'))).toEqual([
      '1',
      '1',
      '1',
      '1',
      '1',
    ]);
    // One summary for all services' alerts and error ratios.
    expect(summaryRequests).toBe(1);
  });

  it('filters by team and system, and asks for the chosen environment', async () => {
    const deploymentRequests = serveBackends();
    const table = await renderPage();

    await waitFor(() =>
      expect(
        screen.getAllByRole('option', { name: 'Learning Team' }),
      ).toHaveLength(1),
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Team'),
      'Learning Team',
    );
    expect(serviceNames(table)).toEqual(['course-service', 'legacy-service']);

    await userEvent.selectOptions(screen.getByLabelText('Team'), 'All teams');
    await userEvent.selectOptions(
      screen.getByLabelText('System'),
      'job-platform',
    );
    expect(serviceNames(table)).toEqual(['jobs-api', 'jobs-worker']);

    await userEvent.selectOptions(
      screen.getByLabelText('Environment'),
      'Staging',
    );
    await waitFor(() =>
      expect(
        deploymentRequests.filter(p => p.get('environment') === 'staging'),
      ).toHaveLength(5),
    );
  });

  it('marks the Prometheus cells unavailable when its summary fails', async () => {
    serveBackends();
    server.use(
      http.get(`${PROMETHEUS_API_URL}/summary`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'Prometheus is down',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    const table = await renderPage();
    const course = rowOf(table, 'course-service');
    // Alerts and error ratio; ArgoCD, Kubernetes and deployments still show.
    expect(within(course).getAllByText('Unavailable')).toHaveLength(2);
    expect(within(course).getByText('2/2 ready')).toBeInTheDocument();
    expect(within(course).getByText('Synced')).toBeInTheDocument();
  });

  it('takes its filters from the URL', async () => {
    serveBackends();
    const table = await renderPage(
      '/platform-status?team=group%3Adefault%2Fplatform-team',
    );
    expect(serviceNames(table)).toEqual(['pipeline-engine']);
  });
});
