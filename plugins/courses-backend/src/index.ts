/**
 * The learning courses backend plugin: a course catalog with full-text
 * search, enrolment and progress, courses from YAML locations and the
 * authoring API.
 *
 * @packageDocumentation
 */
export { coursesPlugin as default } from './plugin';
