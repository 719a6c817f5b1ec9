import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { KnexItemStore } from './KnexItemStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const COURSE_SERVICE = 'component:default/course-service';
const USER_SERVICE = 'component:default/user-service';
const JANE = 'user:default/jane.doe';

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return KnexItemStore.create({ database: mockServices.database({ knex }) });
}

describe.each(databases.eachSupportedId())(
  'KnexItemStore on %p',
  databaseId => {
    it('creates, reads and deletes an item', async () => {
      const store = await createStore(databaseId);

      const created = await store.createItem({
        entityRef: COURSE_SERVICE,
        title: 'Check the dashboards',
        createdBy: JANE,
      });

      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        entityRef: COURSE_SERVICE,
        title: 'Check the dashboards',
        createdBy: JANE,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(await store.getItem(created.id)).toEqual(created);
      expect(await store.deleteItem(created.id)).toBe(true);
      expect(await store.deleteItem(created.id)).toBe(false);
      expect(await store.getItem(created.id)).toBeUndefined();
    });

    it("lists the newest first, all or an entity's, up to the limit", async () => {
      const store = await createStore(databaseId);
      const titles: string[] = [];
      for (const [index, entityRef] of [
        COURSE_SERVICE,
        USER_SERVICE,
        COURSE_SERVICE,
      ].entries()) {
        const title = `item ${index}`;
        titles.push(title);
        await store.createItem({ entityRef, title, createdBy: JANE });
        // Distinct creation times, so the order is the order of creation.
        await new Promise(resolve => setTimeout(resolve, 5));
      }

      const all = await store.listItems({ limit: 10 });
      expect(all.map(item => item.title)).toEqual([...titles].reverse());

      const ofCourseService = await store.listItems({
        entityRef: COURSE_SERVICE,
        limit: 10,
      });
      expect(ofCourseService.map(item => item.title)).toEqual([
        'item 2',
        'item 0',
      ]);

      const firstTwo = await store.listItems({ limit: 2 });
      expect(firstTwo.map(item => item.title)).toEqual(['item 2', 'item 1']);
    });
  },
);
