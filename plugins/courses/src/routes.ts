import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The /learn page: the course catalog. */
export const rootRouteRef = createRouteRef();

/** One course: its modules and lessons, enrolment and progress. */
export const courseRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/courses/:id',
});

/** How far the members of a team are in a course. */
export const courseTeamRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/courses/:id/team',
});

/** Editing a course authored in the portal. */
export const editCourseRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/courses/:id/edit',
});

/**
 * Writing a new course. Not below /courses: `new` is a valid course id.
 */
export const newCourseRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/new',
});

/** The signed-in user's enrolments: "My learning". */
export const myLearningRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/me',
});
