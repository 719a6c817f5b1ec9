/**
 * The environment manager's node library: the `environment` permission
 * resource and its rules, for permission policies and the backend.
 *
 * @packageDocumentation
 */
export * from './permissions';
