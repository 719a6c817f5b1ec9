/**
 * The learning courses plugin's node library: the `course` permission
 * resource and its rules, for permission policies and the backend.
 *
 * @packageDocumentation
 */
export * from './permissions';
