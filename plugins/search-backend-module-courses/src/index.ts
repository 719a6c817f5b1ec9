/**
 * A search backend module that indexes learning courses.
 *
 * @packageDocumentation
 */
export { searchModuleCourses as default } from './module';
export {
  CourseCollatorFactory,
  type CourseDocument,
} from './CourseCollatorFactory';
