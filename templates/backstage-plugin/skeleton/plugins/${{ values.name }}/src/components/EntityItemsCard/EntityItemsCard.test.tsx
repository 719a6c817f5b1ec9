import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  itemCreatePermission,
  itemDeletePermission,
} from '@internal/plugin-${{ values.name }}-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ${{ values.camelName }}ApiRef } from '../../api';
import { entityItemsCard } from '../../plugin';
import { anItem, COURSE_SERVICE, fakeApi } from '../../__testUtils__/fakeApi';

// The first render of a test app loads the whole app; on a busy machine that
// takes a few seconds.
jest.setTimeout(30_000);

function anEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: '${{ values.entityKind | capitalize }}',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/**
 * Renders the card on the page of `entity`. usePermission caches its answers
 * per permission and entity for the whole test file, so tests with other
 * decisions use other entities.
 */
function renderCard(
  api: ReturnType<typeof fakeApi>,
  entity: Entity = anEntity('course-service'),
  authorize: (
    request: EvaluatePermissionRequest,
  ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY = () =>
    AuthorizeResult.ALLOW,
) {
  return renderTestApp({
    extensions: [createTestEntityPage({ entity }), entityItemsCard],
    apis: [[${{ values.camelName }}ApiRef, api], mockApis.permission({ authorize })],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

const itemList = (name = 'course-service') =>
  screen.findByRole('list', { name: `Items of ${name}` }, { timeout: 10_000 });

describe('the Items card', () => {
  it("lists the entity's items and adds one", async () => {
    const api = fakeApi([anItem()]);
    renderCard(api);

    const list = await itemList();
    expect(within(list).getByText('Check the dashboards')).toBeVisible();
    expect(api.listItems).toHaveBeenCalledWith({
      entityRef: COURSE_SERVICE,
      limit: 100,
    });

    await userEvent.type(
      await screen.findByRole('textbox', { name: 'New item' }),
      'Rotate the keys',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));

    expect(api.createItem).toHaveBeenCalledWith({
      entityRef: COURSE_SERVICE,
      title: 'Rotate the keys',
    });
    await waitFor(async () =>
      expect(within(await itemList()).getAllByRole('listitem')).toHaveLength(2),
    );
    expect(screen.getByRole('textbox', { name: 'New item' })).toHaveValue('');
  });

  it('deletes an item', async () => {
    const api = fakeApi([anItem()]);
    renderCard(api);
    await itemList();

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Delete Check the dashboards',
      }),
    );

    expect(api.deleteItem).toHaveBeenCalledWith('item-1');
    expect(await screen.findByText('No items yet.')).toBeVisible();
  });

  it('offers deleting, but not adding, to who may only delete', async () => {
    const entity = anEntity('may-delete');
    renderCard(
      fakeApi([anItem({ entityRef: stringifyEntityRef(entity) })]),
      entity,
      ({ permission }) =>
        permission.name === itemDeletePermission.name
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    );

    expect(
      await screen.findByRole(
        'button',
        { name: 'Delete Check the dashboards' },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(
      screen.queryByRole('textbox', { name: 'New item' }),
    ).not.toBeInTheDocument();
  });

  it('offers adding, but not deleting, to who may only add', async () => {
    const entity = anEntity('may-add');
    renderCard(
      fakeApi([anItem({ entityRef: stringifyEntityRef(entity) })]),
      entity,
      ({ permission }) =>
        permission.name === itemCreatePermission.name
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    );

    expect(
      await screen.findByRole(
        'textbox',
        { name: 'New item' },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(await itemList('may-add')).toBeVisible();
    expect(
      screen.queryByRole('button', { name: /^Delete/ }),
    ).not.toBeInTheDocument();
  });

  it("shows the backend's reason when adding fails", async () => {
    const api = fakeApi();
    api.createItem.mockRejectedValue(
      new Error('You may not create items of component:default/course-service'),
    );
    renderCard(api);
    expect(
      await screen.findByText('No items yet.', {}, { timeout: 10_000 }),
    ).toBeVisible();

    await userEvent.type(
      await screen.findByRole('textbox', { name: 'New item' }),
      'x',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));

    expect(
      await screen.findByText(
        'You may not create items of component:default/course-service',
      ),
    ).toBeVisible();
  });
});
