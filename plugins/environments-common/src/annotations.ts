/*
 * How environments live in the catalog: a Resource of spec.type
 * `environment`, owned by a team, with these annotations for what the
 * portal needs to know about it.
 */

/** The `spec.type` of a catalog Resource that is an environment. */
export const ENVIRONMENT_RESOURCE_TYPE = 'environment';

/** One of {@link ENVIRONMENT_TIERS}; defaults to `development` when absent. */
export const ENVIRONMENT_TIER_ANNOTATION = 'environments.portal/tier';

/** The Kubernetes cluster (as named in the portal's kubernetes config). */
export const ENVIRONMENT_KUBERNETES_CLUSTER_ANNOTATION =
  'environments.portal/kubernetes-cluster';

/** The Kubernetes namespace the environment's workloads run in. */
export const ENVIRONMENT_KUBERNETES_NAMESPACE_ANNOTATION =
  'environments.portal/kubernetes-namespace';

/** The ArgoCD project whose applications deploy to the environment. */
export const ENVIRONMENT_ARGOCD_PROJECT_ANNOTATION =
  'environments.portal/argocd-project';

/** The destination namespace of the environment's ArgoCD applications. */
export const ENVIRONMENT_ARGOCD_DESTINATION_NAMESPACE_ANNOTATION =
  'environments.portal/argocd-destination-namespace';

/** The annotation that names a service's ArgoCD application. */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/** When the environment manager tears a preview down (ISO 8601). */
export const ENVIRONMENT_EXPIRES_AT_ANNOTATION =
  'environments.portal/expires-at';

/**
 * The location type of the catalog entities that mirror preview environments
 * created through the API (the catalog module's entity provider). The
 * environment manager does not read those back as catalog environments: the
 * preview's own record is the source of truth.
 */
export const ENVIRONMENTS_PROVIDER_LOCATION_TYPE = 'environments-provider';
