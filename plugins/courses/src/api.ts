import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { CoursesApi, CoursesClient } from '@internal/plugin-courses-common';

/** The learning courses API: the catalog, enrolment, progress and authoring. */
export const coursesApiRef = createApiRef<CoursesApi>().with({
  id: 'plugin.courses',
});

/** Installs the typed REST client of the courses backend. */
export const coursesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: coursesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CoursesClient({ discoveryApi, fetchApi }),
    }),
});
