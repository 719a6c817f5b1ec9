import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  assertError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  Item,
  itemCreatePermission,
  itemDeletePermission,
} from '@internal/plugin-${{ values.name }}-common';
import express, { Request } from 'express';
import { ItemStore } from '../database/ItemStore';
import { createOpenApiRouter } from '../schema/openapi/generated/router';

export interface RouterOptions {
  store: ItemStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
}

/** Any typed route's request, as HttpAuthService and the auditor take it. */
type AnyRequest = Request<any, any, any, any, any>;

type User = BackstageCredentials<BackstageUserPrincipal>;

/** An entity ref, lowercased as refs compare, or a 400 naming the field. */
function normalizeEntityRef(value: string, field: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `${field}: "${value}" is not an entity ref such as component:default/my-service`,
    );
  }
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, httpAuth, permissions, auditor, catalog } = options;

  // Requests that do not match src/schema/openapi.yaml are answered with 400.
  const router = await createOpenApiRouter({ middleware: [express.json()] });

  /** Items are written by signed-in users, who are named as their authors. */
  const userOf = (req: AnyRequest): Promise<User> =>
    httpAuth.credentials(req, { allow: ['user'] });

  /** The caller's permission on the entity an item belongs to, or a 403. */
  async function authorize(
    user: User,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials: user },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${permission.attributes.action} items of ${entityRef}`,
      );
    }
  }

  /** Runs a write as one auditor event: who did what, and whether it worked. */
  async function audited<T>(
    req: AnyRequest,
    eventId: string,
    meta: JsonObject,
    write: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await write();
      await event.success();
      return result;
    } catch (error) {
      assertError(error);
      await event.fail({ error });
      throw error;
    }
  }

  router.get('/items', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { entityRef, limit = 20 } = req.query;
    const items = await store.listItems({
      entityRef:
        entityRef === undefined
          ? undefined
          : normalizeEntityRef(entityRef, 'entityRef'),
      limit,
    });
    res.json({ items });
  });

  router.post('/items', async (req, res) => {
    const user = await userOf(req);
    const { entityRef: rawEntityRef, title: rawTitle } = req.body;
    const item: Item = await audited(
      req,
      'item-create',
      { entityRef: rawEntityRef },
      async () => {
        const entityRef = normalizeEntityRef(rawEntityRef, 'entityRef');
        const title = rawTitle.trim();
        if (!title) {
          throw new InputError('title: must not be blank');
        }
        await authorize(user, itemCreatePermission, entityRef);
        // With the caller's credentials: an entity they may not see is one
        // they cannot add items to.
        if (!(await catalog.getEntityByRef(entityRef, { credentials: user }))) {
          throw new InputError(
            `entityRef: no entity ${entityRef} in the catalog`,
          );
        }
        return store.createItem({
          entityRef,
          title,
          createdBy: user.principal.userEntityRef,
        });
      },
    );
    res.status(201).json(item);
  });

  router.delete('/items/:id', async (req, res) => {
    const user = await userOf(req);
    const { id } = req.params;
    await audited(req, 'item-delete', { itemId: id }, async () => {
      const item = await store.getItem(id);
      if (!item) {
        throw new NotFoundError(`No item "${id}"`);
      }
      await authorize(user, itemDeletePermission, item.entityRef);
      await store.deleteItem(id);
    });
    res.status(204).end();
  });

  return router;
}
