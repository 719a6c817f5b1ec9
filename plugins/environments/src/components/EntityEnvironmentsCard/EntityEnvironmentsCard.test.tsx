import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { environmentsApi } from '../../api';
import { entityEnvironmentsCard } from '../../plugin';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  aMatrix,
  aPromotion,
  BACKEND_BASE_URL,
  courseService,
  ENVIRONMENTS_API_URL,
  LEARNING_TEAM,
} from '../../__testUtils__/fixtures';

const server = setupServer();
registerMswTestHooks(server);

function renderCard() {
  return renderTestApp({
    extensions: [
      createTestEntityPage({ entity: courseService }),
      entityEnvironmentsCard,
      environmentsApi,
    ],
    apis: [mockApis.discovery({ baseUrl: BACKEND_BASE_URL })],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

function cardTable(): Promise<HTMLElement> {
  return screen.findByRole(
    'table',
    { name: 'Environments of course-service' },
    { timeout: 10_000 },
  );
}

function rowOf(table: HTMLElement, environment: string): HTMLElement {
  return within(table)
    .getByRole('rowheader', { name: new RegExp(`^${environment}`) })
    .closest('tr')!;
}

describe('the Environments card', () => {
  it("shows the service's version, drift and locks per environment", async () => {
    const received = serveBackend(server);
    renderCard();
    const table = await cardTable();

    expect(
      within(table)
        .getAllByRole('rowheader')
        .map(header => header.textContent),
    ).toEqual([
      expect.stringMatching(/^development/),
      expect.stringMatching(/^staging/),
      expect.stringMatching(/^production/),
      expect.stringMatching(/^pr-481/),
    ]);
    const production = rowOf(table, 'production');
    expect(within(production).getByText('1.42.0')).toBeVisible();
    expect(within(production).getByText('Drift')).toBeVisible();
    expect(within(production).getByText('Locked')).toBeVisible();
    expect(within(rowOf(table, 'staging')).getByText('1.43.0')).toBeVisible();

    // Only the owner's services are fetched.
    expect(requestsTo(received, 'GET', '/matrix')[0].params.get('owner')).toBe(
      LEARNING_TEAM,
    );
  });

  it('promotes a version to the next environment', async () => {
    const received = serveBackend(server);
    server.use(
      http.post(`${ENVIRONMENTS_API_URL}/promotions`, () =>
        HttpResponse.json(aPromotion(), { status: 201 }),
      ),
    );
    renderCard();
    const table = await cardTable();

    await userEvent.click(
      within(rowOf(table, 'staging')).getByRole('button', {
        name: 'Promote course-service 1.43.0 to production',
      }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Promote course-service',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote to production' }),
    );

    expect(await within(dialog).findByText('Promotion pending')).toBeVisible();
    expect(
      within(dialog).getByRole('link', {
        name: 'Follow the deployment on the Deployments tab',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/course-service/deployments?environment=production',
    );
    await waitFor(() =>
      expect(requestsTo(received, 'GET', '/matrix')).toHaveLength(2),
    );
  });

  it('leaves out previews the service does not run in', async () => {
    const matrix = aMatrix();
    delete matrix.rows[0].versions['pr-481'];
    serveBackend(server, { matrix });
    renderCard();
    const table = await cardTable();

    expect(within(table).getAllByRole('rowheader')).toHaveLength(3);
    expect(within(table).queryByText('pr-481')).toBeNull();
  });

  it('says so when the service was never deployed', async () => {
    serveBackend(server, {
      matrix: { environments: ['development'], rows: [] },
    });
    renderCard();

    expect(
      await screen.findByText(
        /^Not deployed to any environment yet\./,
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
