import { Environment } from '@internal/plugin-environments-common';

/*
 * Why the portal's policy refuses a change, in the user's words: the backend
 * decides (environment.extend, .delete and .config.write on the environment
 * at hand, environment.create on the service), the UI only explains.
 */

export function configWriteDeniedReason(environment: Environment): string {
  return environment.tier === 'production'
    ? 'Production config is changed by platform admins'
    : `Only the owners of ${environment.name} can change its config`;
}

export function extendDeniedReason(environment: Environment): string {
  return `Only the owners of ${environment.name} can extend it`;
}

export function tearDownDeniedReason(environment: Environment): string {
  return `Only the owners of ${environment.name} can tear it down`;
}

export const CREATE_PREVIEW_DENIED_REASON =
  'Only the owners of a service can create previews of it';
