import { CatalogEnvironment } from '../catalog/catalogEnvironments';
import { ArgoCdApplication } from '@internal/argocd-client';

/**
 * Whether an ArgoCD application deploys to an environment, by the
 * environment's `environments.portal/argocd-project` and
 * `environments.portal/argocd-destination-namespace` annotations:
 * `unknown` when the environment declares neither (or is a preview).
 */
export function applicationDeploysTo(
  application: ArgoCdApplication,
  environment: CatalogEnvironment | undefined,
): 'yes' | 'no' | 'unknown' {
  const declared = environment?.argocd;
  if (!declared) {
    return 'unknown';
  }
  return application.spec.project === declared.project &&
    application.spec.destination?.namespace === declared.destinationNamespace
    ? 'yes'
    : 'no';
}
