/**
 * ${{ values.description | replace('*/', '* /') }}
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { ${{ values.camelName }}ApiRef } from './api';
