import {
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/*
 * Who records a deployment (Deployment.recordedBy), and which of them are
 * trusted to vouch for a version: everyone but a person posting by hand.
 */

/** What the plugin records itself: its ArgoCD reader and the demo data. */
export const PLUGIN_RECORDER = 'plugin:deployments';

/**
 * A person's recordedBy is their user ref. The store's SQL repeats this
 * prefix (`recorded_by not like 'user:%'`), as does the partial index of
 * trusted rows in the migrations.
 */
export const USER_RECORDER_PREFIX = 'user:';

/** Recorded by a service or the plugin itself, not by a person. */
export function isTrustedRecorder(recordedBy: string): boolean {
  return !recordedBy.startsWith(USER_RECORDER_PREFIX);
}

/**
 * The recordedBy of a caller: the user's entity ref, or `service:<subject>`
 * for a token (`service:ci-pipelines` for the CI token,
 * `service:plugin:environments` for another portal plugin).
 */
export function recorderOf(
  principal: BackstageUserPrincipal | BackstageServicePrincipal,
): string {
  if (principal.type === 'service') {
    return `service:${principal.subject}`;
  }
  // A person is never trusted, whatever their token's subject looks like.
  const ref = principal.userEntityRef.toLocaleLowerCase('en-US');
  return ref.startsWith(USER_RECORDER_PREFIX)
    ? ref
    : `${USER_RECORDER_PREFIX}${ref}`;
}

/** How a refusal names who recorded a deployment. */
export function describeRecorder(recordedBy: string): string {
  if (recordedBy === PLUGIN_RECORDER) {
    return `the deployments plugin itself (${recordedBy})`;
  }
  return isTrustedRecorder(recordedBy)
    ? `CI or another service (${recordedBy})`
    : recordedBy;
}
