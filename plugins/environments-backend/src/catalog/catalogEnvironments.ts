import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ENVIRONMENT_ARGOCD_DESTINATION_NAMESPACE_ANNOTATION,
  ENVIRONMENT_ARGOCD_PROJECT_ANNOTATION,
  ENVIRONMENT_KUBERNETES_CLUSTER_ANNOTATION,
  ENVIRONMENT_KUBERNETES_NAMESPACE_ANNOTATION,
  ENVIRONMENT_TIER_ANNOTATION,
  ENVIRONMENT_TIERS,
  EnvironmentTier,
} from '@internal/plugin-environments-common';

/** An environment defined in the catalog: a Resource of spec.type environment. */
export interface CatalogEnvironment {
  name: string;
  title?: string;
  tier: EnvironmentTier;
  owner: string;
  entityRef: string;
  kubernetes?: { cluster: string; namespace: string };
  argocd?: { project: string; destinationNamespace: string };
}

/** The entity fields {@link toCatalogEnvironment} reads. */
export const CATALOG_ENVIRONMENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
];

/**
 * Reads an environment from its catalog Resource. The name is the entity's,
 * lowercased (entity names compare case-insensitively). The tier comes from
 * the `environments.portal/tier` annotation; without a valid one, an entity
 * named like a tier has that tier and any other is `development`.
 */
export function toCatalogEnvironment(entity: Entity): CatalogEnvironment {
  const annotations = entity.metadata.annotations ?? {};
  const name = entity.metadata.name.toLocaleLowerCase('en-US');
  const cluster = annotations[ENVIRONMENT_KUBERNETES_CLUSTER_ANNOTATION];
  const namespace = annotations[ENVIRONMENT_KUBERNETES_NAMESPACE_ANNOTATION];
  const project = annotations[ENVIRONMENT_ARGOCD_PROJECT_ANNOTATION];
  const destinationNamespace =
    annotations[ENVIRONMENT_ARGOCD_DESTINATION_NAMESPACE_ANNOTATION];
  return {
    name,
    ...(entity.metadata.title && { title: entity.metadata.title }),
    tier: tierOf(annotations[ENVIRONMENT_TIER_ANNOTATION], name),
    owner: entityOwnerRef(entity),
    entityRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    ...(cluster && namespace && { kubernetes: { cluster, namespace } }),
    ...(project &&
      destinationNamespace && { argocd: { project, destinationNamespace } }),
  };
}

function tierOf(annotation: string | undefined, name: string): EnvironmentTier {
  const candidates = [annotation?.trim().toLocaleLowerCase('en-US'), name];
  return (
    (candidates.find(candidate =>
      ENVIRONMENT_TIERS.includes(candidate as EnvironmentTier),
    ) as EnvironmentTier | undefined) ?? 'development'
  );
}

/**
 * spec.owner as a full ref, lowercased; a bare name is a group in the
 * entity's namespace. Empty when the entity names no owner.
 */
export function entityOwnerRef(entity: Entity): string {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) {
    return '';
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return owner;
  }
}

/** Sorts by tier (development first), then by name. */
export function byTierThenName<
  T extends { tier: EnvironmentTier; name: string },
>(a: T, b: T): number {
  return (
    ENVIRONMENT_TIERS.indexOf(a.tier) - ENVIRONMENT_TIERS.indexOf(b.tier) ||
    a.name.localeCompare(b.name, 'en-US')
  );
}
