/**
 * The ArgoCD REST API client the portal's backend plugins share (the
 * deployment history reads syncs, the environment manager reads drift,
 * promotes and tears previews down).
 *
 * @packageDocumentation
 */
export * from './ArgoCdClient';
export * from './config';
export * from './images';
export * from './types';
