import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/** Creating a preview environment, and extending its time to live. */
export const environmentCreatePermission = createPermission({
  name: 'environment.create',
  attributes: { action: 'create' },
});

/** Tearing a preview environment down before it expires. */
export const environmentDeletePermission = createPermission({
  name: 'environment.delete',
  attributes: { action: 'delete' },
});

/** Setting or removing a configuration entry (secret or not) of an environment. */
export const environmentConfigWritePermission = createPermission({
  name: 'environment.config.write',
  attributes: { action: 'update' },
});

/** Locking and unlocking environments, and managing freeze windows. */
export const environmentLockPermission = createPermission({
  name: 'environment.lock',
  attributes: { action: 'update' },
});

/**
 * Promoting a version of a service to an environment. A resource permission
 * on the service's catalog entity, so a policy can let owners promote their
 * own services (and the platform team any).
 */
export const environmentPromotePermission = createPermission({
  name: 'environment.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Promoting to a production-tier environment, needed on top of
 * {@link environmentPromotePermission}.
 */
export const environmentPromoteProductionPermission = createPermission({
  name: 'environment.promote.production',
  attributes: { action: 'update' },
});

export const environmentPermissions = [
  environmentCreatePermission,
  environmentDeletePermission,
  environmentConfigWritePermission,
  environmentLockPermission,
  environmentPromotePermission,
  environmentPromoteProductionPermission,
];
