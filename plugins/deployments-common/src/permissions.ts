import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Recording a deployment of a catalog entity. A resource permission on the
 * entity, so a policy can let owners record their own services' deployments.
 * CI pipelines call with a service token and are not subject to it.
 */
export const deploymentCreatePermission = createPermission({
  name: 'deployment.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

export const deploymentPermissions = [deploymentCreatePermission];
