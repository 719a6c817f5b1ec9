import { CatalogEnvironment } from '../catalog/catalogEnvironments';
import { ArgoCdApplication } from '@internal/argocd-client';

/**
 * Whether an ArgoCD application deploys to an environment, by the
 * environment's `environments.portal/argocd-project` and
 * `environments.portal/argocd-destination-namespace` annotations:
 * `unknown` when the environment declares neither (or is a preview).
 *
 * Only for showing drift in the matrix: anyone may register such a
 * Resource, so promotions never trust it (they follow the platform's
 * `environments.argocd.targets`, see promotionTargets.ts).
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
