import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Adding an item to a catalog entity. A resource permission on the entity,
 * so a policy can let only its owners add items (the portal policy's
 * `onlyOwnersMay`); reading needs no permission.
 */
export const itemCreatePermission = createPermission({
  name: '${{ values.name }}.item.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Deleting an item, checked against the entity it belongs to. */
export const itemDeletePermission = createPermission({
  name: '${{ values.name }}.item.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

export const ${{ values.camelName }}Permissions = [itemCreatePermission, itemDeletePermission];
