/**
 * Types, the course document validator, catalog annotations, permissions and
 * the API client of the learning courses plugin.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './courseDocument';
export * from './annotations';
export * from './permissions';
export * from './CoursesClient';
