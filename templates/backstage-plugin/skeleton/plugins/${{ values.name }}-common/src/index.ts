/**
 * Types, permissions and the typed API client of the ${{ values.name }} plugin.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './${{ values.pascalName }}Client';
