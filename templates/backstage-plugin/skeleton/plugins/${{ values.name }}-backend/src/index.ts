/**
 * The backend of the ${{ values.name }} plugin: its REST API and the store in
 * its own database.
 *
 * @packageDocumentation
 */
export { ${{ values.camelName }}Plugin as default } from './plugin';
