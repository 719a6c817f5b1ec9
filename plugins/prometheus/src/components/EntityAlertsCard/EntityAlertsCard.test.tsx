import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { entityAlertsCard } from '../../plugin';
import {
  errorBody,
  PROMETHEUS_API_URL,
  someAlerts,
} from '../../__testUtils__/fixtures';
import { renderOnEntityPage } from '../../__testUtils__/render';

const server = setupServer();
registerMswTestHooks(server);

describe('the Alerts card', () => {
  it('lists firing and pending alerts with severity, summary and since', async () => {
    server.use(
      http.get(`${PROMETHEUS_API_URL}/alerts`, () =>
        HttpResponse.json(someAlerts()),
      ),
    );
    renderOnEntityPage(entityAlertsCard);
    const list = await screen.findByRole(
      'list',
      { name: 'Active alerts' },
      { timeout: 10_000 },
    );
    const [firing, pending] = within(list).getAllByRole('listitem');
    expect(firing).toHaveTextContent('HighErrorRatio');
    expect(within(firing).getByText('Firing')).toBeInTheDocument();
    expect(within(firing).getByText('critical')).toBeInTheDocument();
    expect(firing).toHaveTextContent('More than 5% of requests fail');
    expect(within(firing).getByText('3 hours ago')).toBeInTheDocument();
    expect(within(pending).getByText('Pending')).toBeInTheDocument();
    expect(pending).toHaveTextContent('p95 latency above 300 ms');
    expect(screen.getByText('1 firing, 1 pending')).toBeInTheDocument();
  });

  it('says when nothing is firing', async () => {
    server.use(
      http.get(`${PROMETHEUS_API_URL}/alerts`, () =>
        HttpResponse.json({ ...someAlerts(), alerts: [] }),
      ),
    );
    renderOnEntityPage(entityAlertsCard);
    expect(
      await screen.findByText('No firing or pending alerts.', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
  });

  it("shows the backend's message when Prometheus is down", async () => {
    server.use(
      http.get(`${PROMETHEUS_API_URL}/alerts`, () =>
        HttpResponse.json(
          errorBody(503, 'connect ECONNREFUSED 127.0.0.1:9090'),
          {
            status: 503,
          },
        ),
      ),
    );
    renderOnEntityPage(entityAlertsCard);
    const alert = await screen.findByRole(
      'alert',
      { name: 'Prometheus is unavailable' },
      { timeout: 10_000 },
    );
    expect(alert).toHaveTextContent('connect ECONNREFUSED 127.0.0.1:9090');
  });
});
