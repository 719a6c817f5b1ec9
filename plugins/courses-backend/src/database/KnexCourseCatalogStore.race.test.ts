import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { courseDocument } from '../testUtils';
import { createCourseStores } from './createCourseStores';
import { COURSES } from './tables';

jest.setTimeout(60_000);

// SQLite runs one write transaction at a time: the race is PostgreSQL's.
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'KnexCourseCatalogStore under concurrent creates on %p',
  databaseId => {
    it('answers the create that loses the race with a ConflictError, not a database error', async () => {
      const knex = await databases.init(databaseId);
      const { courseCatalog } = await createCourseStores({
        database: mockServices.database({ knex }),
      });
      const course = courseDocument();
      const api = { source: 'api' as const, actor: 'user:default/jane.doe' };

      // SHARE mode lets both creates read that the id is free and holds both
      // inserts until it is released: both pass the check, one insert wins.
      const lock = await knex.transaction();
      await lock.raw(`LOCK TABLE ${COURSES} IN SHARE MODE`);
      const creates = Promise.allSettled([
        courseCatalog.createCourse(course, api),
        courseCatalog.createCourse(course, api),
      ]);
      await new Promise(resolve => setTimeout(resolve, 500));
      await lock.commit();
      const results = await creates;

      expect(results.map(r => r.status).sort()).toEqual([
        'fulfilled',
        'rejected',
      ]);
      const rejected = results.find(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(rejected?.reason).toMatchObject({
        name: 'ConflictError',
        message: `id: a course "${course.id}" exists`,
      });
      expect(await knex(COURSES).where({ id: course.id })).toHaveLength(1);
    });
  },
);
