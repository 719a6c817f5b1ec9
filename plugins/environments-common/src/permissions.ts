import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The permission resource type of an environment (a catalog environment or
 * a preview), decided on by its owner group and its tier
 * (`@internal/plugin-environments-node` has the rules).
 */
export const RESOURCE_TYPE_ENVIRONMENT = 'environment';

/**
 * Creating a preview environment of a service. A resource permission on the
 * service's catalog entity: the portal's policy lets the service's owners
 * create previews of it.
 */
export const environmentCreatePermission = createPermission({
  name: 'environment.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Extending a preview environment's time to live. */
export const environmentExtendPermission = createPermission({
  name: 'environment.extend',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_ENVIRONMENT,
});

/** Tearing a preview environment down before it expires. */
export const environmentDeletePermission = createPermission({
  name: 'environment.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_ENVIRONMENT,
});

/**
 * Setting or removing a configuration entry (secret or not) of an
 * environment; also what lets a caller compare its secret values.
 */
export const environmentConfigWritePermission = createPermission({
  name: 'environment.config.write',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_ENVIRONMENT,
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

/**
 * Promoting into a locked environment or a freeze window: a promotion that
 * asks for an override needs this on top of the others, and is audited with
 * its reason.
 */
export const environmentPromoteOverridePermission = createPermission({
  name: 'environment.promote.override',
  attributes: { action: 'update' },
});

export const environmentPermissions = [
  environmentCreatePermission,
  environmentExtendPermission,
  environmentDeletePermission,
  environmentConfigWritePermission,
  environmentLockPermission,
  environmentPromotePermission,
  environmentPromoteProductionPermission,
  environmentPromoteOverridePermission,
];
