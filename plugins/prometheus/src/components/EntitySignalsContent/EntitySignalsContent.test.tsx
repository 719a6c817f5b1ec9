// Refused javascript: URLs are what these tests are about.
/* eslint-disable no-script-url */
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Deployment } from '@internal/plugin-deployments-common';
import { SignalsResponse } from '@internal/plugin-prometheus-common';
import { entitySignalsContent } from '../../plugin';
import {
  aDeployment,
  aSignalsResponse,
  DEPLOYMENTS_API_URL,
  errorBody,
  PROMETHEUS_API_URL,
  START,
} from '../../__testUtils__/fixtures';
import { renderOnEntityPage } from '../../__testUtils__/render';

const server = setupServer();
registerMswTestHooks(server);

const good = aDeployment();
const rolledBack = aDeployment({
  id: 'd2',
  version: '1.43.0',
  status: 'rolled_back',
  startedAt: new Date(START + 44 * 60_000).toISOString(),
  finishedAt: new Date(START + 45 * 60_000).toISOString(),
});

function serve(
  options: {
    signals?: SignalsResponse | (() => Response);
    deployments?: Deployment[];
  } = {},
) {
  const signalRequests: URLSearchParams[] = [];
  const deploymentRequests: URLSearchParams[] = [];
  server.use(
    http.get(`${PROMETHEUS_API_URL}/signals`, ({ request }) => {
      signalRequests.push(new URL(request.url).searchParams);
      const signals = options.signals ?? aSignalsResponse();
      return typeof signals === 'function'
        ? signals()
        : HttpResponse.json(signals);
    }),
    http.get(`${DEPLOYMENTS_API_URL}/deployments`, ({ request }) => {
      deploymentRequests.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        items: options.deployments ?? [rolledBack, good],
      });
    }),
  );
  return { signalRequests, deploymentRequests };
}

// The test entity page mounts at / and shows its only content there.
const PATH = '/';

async function charts(): Promise<HTMLElement[]> {
  await screen.findByRole('img', { name: 'Request rate' }, { timeout: 10_000 });
  return screen.getAllByRole('img');
}

describe('the Signals tab', () => {
  it('draws one chart per signal, latency percentiles together, with deployment markers', async () => {
    const { signalRequests, deploymentRequests } = serve();
    renderOnEntityPage(entitySignalsContent, { path: PATH });

    const images = await charts();
    expect(images.map(img => img.getAttribute('aria-labelledby'))).toHaveLength(
      5,
    );
    for (const name of [
      'Request rate',
      'Error ratio',
      'Latency',
      'CPU',
      'Memory',
    ]) {
      expect(screen.getByRole('img', { name })).toBeInTheDocument();
    }
    expect(
      within(screen.getByRole('list', { name: 'Series of Latency' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['p50', 'p95', 'p99']);

    // Markers on every chart: one per deployment in the window.
    await waitFor(() =>
      expect(screen.getAllByTestId('deployment-marker')).toHaveLength(10),
    );
    const latency = screen.getByRole('img', { name: 'Latency' });
    const markers = within(latency).getAllByTestId('deployment-marker');
    expect(markers.map(m => m.getAttribute('data-version'))).toEqual([
      '1.42.0',
      '1.43.0',
    ]);
    expect(markers[1]).toHaveAttribute('data-status', 'rolled_back');
    expect(markers[1].querySelector('title')?.textContent).toMatch(
      /^Deployment of 1\.43\.0 to production: Rolled back/,
    );
    expect(latency.querySelector('desc')?.textContent).toContain(
      '2 deployments: 1.42.0 (Succeeded), 1.43.0 (Rolled back)',
    );

    const table = screen.getByRole('table', {
      name: 'Deployments in this window',
    });
    expect(within(table).getByText('Rolled back')).toBeInTheDocument();

    expect(signalRequests[0].get('range')).toBe('1h');
    expect(signalRequests[0].get('entityRef')).toBe(
      'component:default/course-service',
    );
    expect(deploymentRequests[0].get('environment')).toBe('production');
    expect(deploymentRequests[0].get('since')).toBe(aSignalsResponse().start);
    expect(deploymentRequests[0].get('until')).toBe(aSignalsResponse().end);
  });

  it('takes the range from the URL and keeps the chosen one there', async () => {
    const { signalRequests, deploymentRequests } = serve();
    renderOnEntityPage(entitySignalsContent, { path: `${PATH}?range=24h` });
    await charts();
    expect(signalRequests[0].get('range')).toBe('24h');
    expect(
      screen.getByRole('button', { name: 'Last 24 hours' }),
    ).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() =>
      expect(signalRequests.map(p => p.get('range'))).toContain('7d'),
    );
    expect(screen.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.selectOptions(
      screen.getByLabelText('Deployments of'),
      'All environments',
    );
    await waitFor(() =>
      expect(
        deploymentRequests[deploymentRequests.length - 1].has('environment'),
      ).toBe(false),
    );
  });

  it("shows the backend's message when Prometheus is down", async () => {
    serve({
      signals: () =>
        HttpResponse.json(
          errorBody(
            503,
            'Prometheus instance local did not answer within 5000 ms',
            'ServiceUnavailableError',
          ),
          { status: 503 },
        ),
    });
    renderOnEntityPage(entitySignalsContent, { path: PATH });
    const alert = await screen.findByRole(
      'alert',
      { name: 'Prometheus is unavailable' },
      { timeout: 10_000 },
    );
    expect(alert).toHaveTextContent(
      'Prometheus instance local did not answer within 5000 ms',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  it('says so when Prometheus has no series for the selector', async () => {
    const empty = aSignalsResponse();
    empty.signals = empty.signals.map(s => ({ ...s, series: [] }));
    serve({ signals: empty, deployments: [] });
    renderOnEntityPage(entitySignalsContent, { path: PATH });
    expect(
      await screen.findByText(/has no series matching/, undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('No data in this window')).toHaveLength(5);
    expect(
      await screen.findByText(/No deployments to production in this window/),
    ).toBeInTheDocument();
  });

  it('links a deployment to its http(s) url only, never to a javascript: or data: one', async () => {
    const linked = aDeployment({
      id: 'd3',
      version: '1.44.0',
      url: 'https://ci.acme.example.com/runs/44',
      startedAt: new Date(START + 49 * 60_000).toISOString(),
      finishedAt: new Date(START + 50 * 60_000).toISOString(),
    });
    const scripted = aDeployment({
      id: 'd4',
      version: '6.6.6',
      url: 'javascript:alert(document.cookie)',
      startedAt: new Date(START + 51 * 60_000).toISOString(),
      finishedAt: new Date(START + 52 * 60_000).toISOString(),
    });
    const data = aDeployment({
      id: 'd5',
      version: '6.6.7',
      url: 'data:text/html,<script>alert(1)</script>',
      startedAt: new Date(START + 53 * 60_000).toISOString(),
      finishedAt: new Date(START + 54 * 60_000).toISOString(),
    });
    serve({ deployments: [data, scripted, linked] });
    renderOnEntityPage(entitySignalsContent, { path: PATH });
    await charts();

    const table = await screen.findByRole('table', {
      name: 'Deployments in this window',
    });
    expect(
      await within(table).findByRole('link', { name: '1.44.0' }),
    ).toHaveAttribute('href', 'https://ci.acme.example.com/runs/44');
    expect(within(table).getByText('6.6.6')).toBeInTheDocument();
    expect(within(table).getByText('6.6.7')).toBeInTheDocument();
    expect(within(table).queryByRole('link', { name: '6.6.6' })).toBeNull();
    expect(within(table).queryByRole('link', { name: '6.6.7' })).toBeNull();
    const hrefs = within(table)
      .getAllByRole('link')
      .map(link => link.getAttribute('href') ?? '');
    expect(hrefs).toEqual(['https://ci.acme.example.com/runs/44']);
  });

  it('still draws the charts when the deployment history fails', async () => {
    serve();
    server.use(
      http.get(`${DEPLOYMENTS_API_URL}/deployments`, () =>
        HttpResponse.json(errorBody(500, 'database is gone'), { status: 500 }),
      ),
    );
    renderOnEntityPage(entitySignalsContent, { path: PATH });
    await charts();
    expect(
      await screen.findByText(
        /Deployment markers are missing: database is gone/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryAllByTestId('deployment-marker')).toHaveLength(0);
  });
});
