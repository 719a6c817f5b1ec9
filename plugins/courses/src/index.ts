/**
 * Learning courses in the portal: the /learn catalog with search and facets,
 * course pages with enrolment and progress per lesson, My learning, team
 * progress, course authoring, and the Learn card of catalog entities.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { coursesApiRef } from './api';
