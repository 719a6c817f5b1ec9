import {
  Item,
  ItemQuery,
  NewItem,
  ${{ values.pascalName }}Api,
} from '@internal/plugin-${{ values.name }}-common';

export const COURSE_SERVICE = 'component:default/course-service';

export function anItem(overrides: Partial<Item> = {}): Item {
  return {
    id: 'item-1',
    entityRef: COURSE_SERVICE,
    title: 'Check the dashboards',
    createdBy: 'user:default/jane.doe',
    createdAt: '2026-01-10T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * The backend, in memory: lists what it holds (newest first) and records
 * what is created and deleted.
 */
export function fakeApi(initial: Item[] = []) {
  let items = [...initial];
  const api = {
    listItems: jest.fn(async (query: ItemQuery = {}) =>
      items.filter(
        item => !query.entityRef || item.entityRef === query.entityRef,
      ),
    ),
    createItem: jest.fn(async (input: NewItem) => {
      const item = anItem({ ...input, id: `item-${items.length + 1}` });
      items = [item, ...items];
      return item;
    }),
    deleteItem: jest.fn(async (id: string) => {
      items = items.filter(item => item.id !== id);
    }),
  } satisfies ${{ values.pascalName }}Api;
  return api;
}
