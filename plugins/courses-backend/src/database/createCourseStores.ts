import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { CourseCatalogStore } from './CourseCatalogStore';
import { EnrollmentStore } from './EnrollmentStore';
import { KnexCourseCatalogStore } from './KnexCourseCatalogStore';
import { KnexEnrollmentStore } from './KnexEnrollmentStore';
import { createCourseSearch } from './search/createCourseSearch';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-courses-backend',
  'migrations',
);

export interface CourseStores {
  courseCatalog: CourseCatalogStore;
  enrollments: EnrollmentStore;
}

/**
 * The plugin's stores over its database, after its migrations: one schema,
 * so the catalog's course writes can update search entries and learners in
 * their own transaction.
 */
export async function createCourseStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}): Promise<CourseStores> {
  const { database, skipMigrations } = options;
  const db = await database.getClient();
  if (!database.migrations?.skip && !skipMigrations) {
    await db.migrate.latest({ directory: migrationsDir });
  }
  const enrollments = new KnexEnrollmentStore(db);
  const courseCatalog = new KnexCourseCatalogStore(db, {
    search: createCourseSearch(db),
    learners: enrollments,
  });
  return { courseCatalog, enrollments };
}
