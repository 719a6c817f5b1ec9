import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { ${{ values.camelName }}ApiRef } from '../../api';
import { ${{ values.camelName }}Page } from '../../plugin';
import { anItem, fakeApi } from '../../__testUtils__/fakeApi';

// The first render of a test app loads the whole app; on a busy machine that
// takes a few seconds.
jest.setTimeout(30_000);

describe('the ${{ values.name }} page', () => {
  it('lists the latest items of every entity, linked to their entities', async () => {
    const api = fakeApi([
      anItem(),
      anItem({
        id: 'item-2',
        entityRef: 'component:default/user-service',
        title: 'Renew the certificate',
      }),
    ]);

    renderTestApp({
      extensions: [${{ values.camelName }}Page],
      initialRouteEntries: ['/${{ values.name }}'],
      apis: [[${{ values.camelName }}ApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    const list = await screen.findByRole(
      'list',
      { name: 'Latest items' },
      { timeout: 10_000 },
    );
    const items = within(list).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      expect.stringContaining('Check the dashboards'),
      expect.stringContaining('Renew the certificate'),
    ]);
    expect(
      within(items[1]).getByRole('link', { name: 'user-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/user-service');
    expect(api.listItems).toHaveBeenCalledWith({
      entityRef: undefined,
      limit: 100,
    });
  });
});
