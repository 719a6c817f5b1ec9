export { CourseCatalog } from './CourseCatalog';
