import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { CurrentDeployments } from '@internal/plugin-deployments-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { deploymentsApi } from '../../api';
import { entityCurrentVersionsCard } from '../../plugin';
import {
  aDeployment,
  BACKEND_BASE_URL,
  courseService,
  currentDeploymentsOf,
  DEPLOYMENTS_API_URL,
} from '../../testing/fixtures';

const server = setupServer();
registerMswTestHooks(server);

function serveCurrent(current: CurrentDeployments) {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(`${DEPLOYMENTS_API_URL}/current`, ({ request }) => {
      requests.push(new URL(request.url).searchParams);
      return HttpResponse.json(current);
    }),
  );
  return requests;
}

function renderCard() {
  return renderTestApp({
    extensions: [
      createTestEntityPage({ entity: courseService }),
      entityCurrentVersionsCard,
      deploymentsApi,
    ],
    apis: [mockApis.discovery({ baseUrl: BACKEND_BASE_URL })],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('the Current versions card', () => {
  it('shows one row per environment in promotion order, then the rest', async () => {
    const requests = serveCurrent(
      currentDeploymentsOf([
        aDeployment({ environment: 'sandbox', version: '1.44.0-dev.3' }),
        aDeployment({
          environment: 'production',
          version: '1.42.0',
          triggeredBy: 'user:default/priya-raman',
        }),
        aDeployment({ environment: 'development', version: '1.43.0' }),
        aDeployment({ environment: 'perf', version: '1.43.0-rc.1' }),
        aDeployment({ environment: 'staging', version: '1.43.0-rc.1' }),
      ]),
    );
    renderCard();

    const table = await screen.findByRole('table', {
      name: 'Current versions',
    });
    const environments = within(table)
      .getAllByRole('rowheader')
      .map(cell => cell.textContent);
    expect(environments).toEqual([
      'development',
      'staging',
      'production',
      'perf',
      'sandbox',
    ]);

    const productionRow = within(table)
      .getByRole('rowheader', { name: 'production' })
      .closest('tr')!;
    expect(within(productionRow).getByText('1.42.0')).toBeInTheDocument();
    expect(within(productionRow).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(productionRow).getByRole('link', { name: 'priya-raman' }),
    ).toHaveAttribute('href', '/catalog/default/user/priya-raman');
    expect(requests[0].get('entityRef')).toBe(
      'component:default/course-service',
    );
  });

  it('says so when nothing was deployed yet', async () => {
    serveCurrent(currentDeploymentsOf([]));
    renderCard();

    expect(await screen.findByText(/Nothing deployed yet/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
