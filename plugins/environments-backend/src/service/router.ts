import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  assertError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  environmentConfigWritePermission,
  environmentCreatePermission,
  environmentDeletePermission,
  environmentExtendPermission,
  environmentLockPermission,
  FreezeWindow,
  FreezeWindowSpec,
  RESOURCE_TYPE_ENVIRONMENT,
} from '@internal/plugin-environments-common';
import { JsonObject } from '@backstage/types';
import express, { Request } from 'express';
import { portalJsonBody } from '@internal/portal-node';
import { entityOwnerRef } from '../catalog/catalogEnvironments';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { validateFreezeWindowSpec } from '../freeze/freezeWindows';
import { PreviewEnvironments } from '../previews/PreviewEnvironments';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { ConfigService } from './ConfigService';
import { decodeCursor, encodeCursor } from './cursor';
import {
  EnvironmentDirectory,
  ResolvedEnvironment,
  toEnvironment,
} from './EnvironmentDirectory';
import { ConfiguredFreezeWindow, EnvironmentLocks } from './EnvironmentLocks';
import { MatrixService } from './MatrixService';
import { PromotionService } from './PromotionService';
import {
  assertConfigValueSize,
  extendedExpiry,
  isUuid,
  normalizeEntityRef,
  parseComponentRef,
  parseFutureTimestamp,
  parseGroupRef,
  parseOwnerRef,
  parsePreviewName,
  parseTtl,
} from './validation';

export interface RouterOptions {
  store: EnvironmentStore;
  directory: EnvironmentDirectory;
  locks: EnvironmentLocks;
  configuredFreezeWindows: readonly ConfiguredFreezeWindow[];
  config: ConfigService;
  previews: PreviewEnvironments;
  matrix: MatrixService;
  promotions: PromotionService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  now?: () => Date;
}

/** Any typed route's request, as HttpAuthService and the auditor take it. */
type AnyRequest = Request<any, any, any, any, any>;

type Caller = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/** What the audit trail and `createdBy` fields name a caller. */
function actorOf(caller: Caller): string {
  return caller.principal.type === 'user'
    ? caller.principal.userEntityRef
    : `service:${caller.principal.subject}`;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    store,
    directory,
    locks,
    configuredFreezeWindows,
    previews,
    matrix,
    promotions,
    httpAuth,
    auth,
    userInfo,
    permissions,
    auditor,
    catalog,
  } = options;
  const configService = options.config;
  const now = options.now ?? (() => new Date());

  const router = await createOpenApiRouter({
    middleware: portalJsonBody({ limitBytes: 256 * 1024 }),
  });

  /** Reads need a signed-in user or a service. */
  const callerOf = (req: AnyRequest): Promise<Caller> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  async function authorize(
    permission: BasicPermission,
    caller: Caller,
    message: string,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials: caller,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(message);
    }
  }

  /**
   * A permission on one environment, by name: the permission backend applies
   * the policy's conditions (its owner, its tier) to it through the
   * `environment` resource type's getResources.
   */
  async function authorizeOn(
    permission: ResourcePermission<typeof RESOURCE_TYPE_ENVIRONMENT>,
    env: ResolvedEnvironment,
    caller: Caller,
    message: string,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: env.name }],
      { credentials: caller },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(message);
    }
  }

  /**
   * Who owns a new preview of `service`: the service's owner, unless the
   * caller names another group, which must be one they are a member of.
   */
  async function previewOwner(
    caller: Caller,
    service: Entity,
    requested: string | undefined,
  ): Promise<string> {
    const serviceRef = normalizeEntityRef(service);
    const serviceOwner = entityOwnerRef(service);
    if (requested === undefined || requested === serviceOwner) {
      if (!serviceOwner.startsWith('group:')) {
        throw new InputError(
          `owner: ${serviceRef} is not owned by a group; name the group that owns the preview`,
        );
      }
      return serviceOwner;
    }
    if (caller.principal.type === 'user') {
      const { ownershipEntityRefs } = await userInfo.getUserInfo(caller);
      if (
        ownershipEntityRefs.some(
          ref => ref.toLocaleLowerCase('en-US') === requested,
        )
      ) {
        return requested;
      }
    }
    throw new NotAllowedError(
      `owner: you are not a member of ${requested}, and it does not own ${serviceRef}`,
    );
  }

  /**
   * Runs a write as one auditor event (who did what, and whether it worked);
   * the plugin's own audit table is written by the store, in the write's
   * transaction. `meta` must never carry a secret value.
   */
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

  async function lockState(name: string) {
    return locks.lockOf(name, now());
  }

  // --- Environments ---------------------------------------------------------

  router.get('/environments', async (req, res) => {
    await callerOf(req);
    const at = now();
    const [environments, active] = await Promise.all([
      directory.list(),
      locks.activeLocks({ at }),
    ]);
    res.json({
      items: environments.map(env =>
        toEnvironment(env, active.get(env.name), at),
      ),
    });
  });

  router.post('/environments', async (req, res) => {
    const caller = await callerOf(req);
    const { name, ttl, service, owner, title } = req.body;
    const created = await audited(
      req,
      'environment-create',
      { name, ttl, service, ...(owner !== undefined && { owner }) },
      async () => {
        parsePreviewName(name, 'name');
        const lifetime = parseTtl(ttl);
        const serviceRef = parseComponentRef(service, 'service');
        const requestedOwner =
          owner === undefined ? undefined : parseGroupRef(owner, 'owner');
        const credentials = await auth.getOwnServiceCredentials();
        const inCatalog = async (ref: string) =>
          (await catalog.getEntityByRef(ref, { credentials })) !== undefined;
        const serviceEntity = await catalog.getEntityByRef(serviceRef, {
          credentials,
        });
        if (!serviceEntity) {
          throw new InputError(
            `service: no component ${serviceRef} in the catalog`,
          );
        }
        if (requestedOwner && !(await inCatalog(requestedOwner))) {
          throw new InputError(
            `owner: no group ${requestedOwner} in the catalog`,
          );
        }
        // On the service's entity: the catalog applies the policy's
        // conditions (e.g. its owners) to it.
        const [decision] = await permissions.authorize(
          [
            {
              permission: environmentCreatePermission,
              resourceRef: serviceRef,
            },
          ],
          { credentials: caller },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `service: you may not create previews of ${serviceRef}`,
          );
        }
        const ownerRef = await previewOwner(
          caller,
          serviceEntity,
          requestedOwner,
        );
        if (!requestedOwner && !(await inCatalog(ownerRef))) {
          throw new InputError(
            `owner: ${serviceRef} is owned by ${ownerRef}, which is not in the catalog; name the group that owns the preview`,
          );
        }
        if (await directory.find(name)) {
          throw new ConflictError(`name: an environment named ${name} exists`);
        }
        return previews.create(
          {
            name,
            ...(title && { title }),
            owner: ownerRef,
            service: serviceRef,
            ttl,
            expiresAt: new Date(now().getTime() + lifetime.toMillis()),
            createdBy: actorOf(caller),
          },
          now(),
        );
      },
    );
    res
      .status(201)
      .json(
        toEnvironment(
          { origin: 'preview', name, preview: created },
          undefined,
          now(),
        ),
      );
  });

  router.delete('/environments/:name', async (req, res) => {
    const caller = await callerOf(req);
    const { name } = req.params;
    await audited(req, 'environment-delete', { name }, async () => {
      const env = await directory.get(name, 'name');
      await authorizeOn(
        environmentDeletePermission,
        env,
        caller,
        `name: you may not tear down ${env.name}; its owners may`,
      );
      if (env.origin === 'catalog') {
        throw new ConflictError(
          `name: ${env.name} is a catalog environment; remove its Resource from the catalog instead`,
        );
      }
      if (
        !(await previews.tearDown(env.name, {
          action: 'environment.delete',
          actor: actorOf(caller),
        }))
      ) {
        throw new NotFoundError(`name: no environment named ${name}`);
      }
    });
    res.status(204).end();
  });

  router.post('/environments/:name/extend', async (req, res) => {
    const caller = await callerOf(req);
    const { name } = req.params;
    const { ttl } = req.body;
    const extended = await audited(
      req,
      'environment-extend',
      { name, ttl },
      async () => {
        const env = await directory.get(name, 'name');
        await authorizeOn(
          environmentExtendPermission,
          env,
          caller,
          `name: you may not extend ${env.name}; its owners may`,
        );
        if (env.origin === 'catalog') {
          throw new ConflictError(
            `name: ${env.name} is a catalog environment and does not expire`,
          );
        }
        if (env.preview.status === 'tearing_down') {
          throw new ConflictError(`name: ${env.name} is being torn down`);
        }
        const expiresAt = extendedExpiry(
          new Date(env.preview.expiresAt),
          ttl,
          now(),
        );
        const preview = await store.extendPreview(env.name, expiresAt, {
          environment: env.name,
          action: 'environment.extend',
          actor: actorOf(caller),
          details: {
            ttl,
            from: env.preview.expiresAt,
            to: expiresAt.toISOString(),
          },
        });
        if (!preview) {
          throw new ConflictError(`name: ${env.name} is being torn down`);
        }
        return preview;
      },
    );
    res.json(
      toEnvironment(
        { origin: 'preview', name: extended.name, preview: extended },
        await lockState(extended.name),
        now(),
      ),
    );
  });

  // --- Config ---------------------------------------------------------------

  router.get('/environments/:name/config', async (req, res) => {
    await callerOf(req);
    const env = await directory.get(req.params.name, 'name');
    res.json({ items: await configService.list(env.name) });
  });

  router.put('/environments/:name/config/:key', async (req, res) => {
    const caller = await callerOf(req);
    const { name, key } = req.params;
    const { value, secret = false } = req.body;
    const entry = await audited(
      req,
      'environment-config-write',
      { name, key, secret },
      async () => {
        const env = await directory.get(name, 'name');
        await authorizeOn(
          environmentConfigWritePermission,
          env,
          caller,
          `name: you may not change the config of ${env.name}`,
        );
        assertConfigValueSize(value);
        return configService.put({
          environment: env.name,
          key,
          value,
          secret,
          actor: actorOf(caller),
        });
      },
    );
    res.json(entry);
  });

  router.delete('/environments/:name/config/:key', async (req, res) => {
    const caller = await callerOf(req);
    const { name, key } = req.params;
    await audited(req, 'environment-config-delete', { name, key }, async () => {
      const env = await directory.get(name, 'name');
      await authorizeOn(
        environmentConfigWritePermission,
        env,
        caller,
        `name: you may not change the config of ${env.name}`,
      );
      const deleted = await configService.delete({
        environment: env.name,
        key,
        actor: actorOf(caller),
      });
      if (!deleted) {
        throw new NotFoundError(`key: ${env.name} has no config entry ${key}`);
      }
    });
    res.status(204).end();
  });

  router.get('/config-diff', async (req, res) => {
    const caller = await callerOf(req);
    const [from, to] = await Promise.all([
      directory.get(req.query.from, 'from'),
      directory.get(req.query.to, 'to'),
    ]);
    // Comparing secrets tells whether a value is right: only for those who
    // may set it on both sides anyway.
    const decisions = await permissions.authorize(
      [from, to].map(env => ({
        permission: environmentConfigWritePermission,
        resourceRef: env.name,
      })),
      { credentials: caller },
    );
    const compareSecrets = decisions.every(
      decision => decision.result === AuthorizeResult.ALLOW,
    );
    res.json(await configService.diff(from.name, to.name, { compareSecrets }));
  });

  // --- Matrix ---------------------------------------------------------------

  router.get('/matrix', async (req, res) => {
    await callerOf(req);
    const owner =
      req.query.owner === undefined
        ? undefined
        : parseOwnerRef(req.query.owner, 'owner');
    res.json(await matrix.build({ owner }));
  });

  // --- Locks ----------------------------------------------------------------

  router.get('/locks', async (req, res) => {
    await callerOf(req);
    res.json({
      items: await store.listLocks({
        environment: req.query.environment?.toLocaleLowerCase('en-US'),
        activeAt: now(),
      }),
    });
  });

  router.post('/locks', async (req, res) => {
    const caller = await callerOf(req);
    const { environment, reason, until } = req.body;
    const lock = await audited(
      req,
      'environment-lock-create',
      { environment, reason, until },
      async () => {
        await authorize(
          environmentLockPermission,
          caller,
          `You may not lock ${environment}`,
        );
        const env = await directory.get(environment, 'environment');
        if (!reason.trim()) {
          throw new InputError('reason: must not be empty');
        }
        const untilDate =
          until === undefined
            ? undefined
            : parseFutureTimestamp(until, 'until', now());
        return store.createLock(
          {
            environment: env.name,
            reason,
            until: untilDate,
            createdBy: actorOf(caller),
          },
          {
            environment: env.name,
            action: 'lock.create',
            actor: actorOf(caller),
            details: {
              reason,
              ...(untilDate && { until: untilDate.toISOString() }),
            },
          },
        );
      },
    );
    res.status(201).json(lock);
  });

  router.delete('/locks/:id', async (req, res) => {
    const caller = await callerOf(req);
    const { id } = req.params;
    await audited(req, 'environment-lock-delete', { id }, async () => {
      const lock = isUuid(id) ? await store.getLock(id) : undefined;
      if (!lock) {
        throw new NotFoundError(`id: no lock ${id}`);
      }
      await authorize(
        environmentLockPermission,
        caller,
        `You may not unlock ${lock.environment}`,
      );
      const deleted = await store.deleteLock(id, {
        environment: lock.environment,
        action: 'lock.delete',
        actor: actorOf(caller),
        details: { lockId: id, reason: lock.reason },
      });
      if (!deleted) {
        throw new NotFoundError(`id: no lock ${id}`);
      }
    });
    res.status(204).end();
  });

  // --- Freeze windows -------------------------------------------------------

  router.get('/freeze-windows', async (req, res) => {
    await callerOf(req);
    res.json({
      items: await locks.freezeWindows({
        environment: req.query.environment?.toLocaleLowerCase('en-US'),
        at: now(),
      }),
    });
  });

  router.post('/freeze-windows', async (req, res) => {
    const caller = await callerOf(req);
    const spec: FreezeWindowSpec = req.body;
    const window = await audited(
      req,
      'environment-freeze-window-create',
      {
        environment: spec.environment,
        reason: spec.reason,
        timeZone: spec.timeZone,
        start: { ...spec.start },
        end: { ...spec.end },
      },
      async (): Promise<FreezeWindow> => {
        await authorize(
          environmentLockPermission,
          caller,
          `You may not add freeze windows to ${spec.environment}`,
        );
        validateFreezeWindowSpec(spec);
        const env = await directory.get(spec.environment, 'environment');
        const stored = await store.createFreezeWindow(
          { ...spec, environment: env.name, createdBy: actorOf(caller) },
          {
            environment: env.name,
            action: 'freeze-window.create',
            actor: actorOf(caller),
            details: {
              reason: spec.reason,
              timeZone: spec.timeZone,
              start: spec.start,
              end: spec.end,
            },
          },
        );
        const [withState] = (
          await locks.freezeWindows({ environment: env.name, at: now() })
        ).filter(w => w.id === stored.id);
        return withState;
      },
    );
    res.status(201).json(window);
  });

  router.delete('/freeze-windows/:id', async (req, res) => {
    const caller = await callerOf(req);
    const { id } = req.params;
    await audited(req, 'environment-freeze-window-delete', { id }, async () => {
      if (configuredFreezeWindows.some(w => w.id === id)) {
        throw new ConflictError(
          `id: ${id} is defined in app-config (environments.freezeWindows) and can only be removed there`,
        );
      }
      const window = isUuid(id) ? await store.getFreezeWindow(id) : undefined;
      if (!window) {
        throw new NotFoundError(`id: no freeze window ${id}`);
      }
      await authorize(
        environmentLockPermission,
        caller,
        `You may not remove freeze windows of ${window.environment}`,
      );
      const deleted = await store.deleteFreezeWindow(id, {
        environment: window.environment,
        action: 'freeze-window.delete',
        actor: actorOf(caller),
        details: { freezeWindowId: id, reason: window.reason },
      });
      if (!deleted) {
        throw new NotFoundError(`id: no freeze window ${id}`);
      }
    });
    res.status(204).end();
  });

  // --- Promotions -----------------------------------------------------------

  router.get('/promotions', async (req, res) => {
    await callerOf(req);
    const { entityRef, limit = 100 } = req.query;
    res.json({
      items: await store.listPromotions({
        ...(entityRef !== undefined && {
          entityRef: parseComponentRef(entityRef, 'entityRef'),
        }),
        limit,
      }),
    });
  });

  router.post('/promotions', async (req, res) => {
    const caller = await callerOf(req);
    const { body } = req;
    const promotion = await audited(
      req,
      'environment-promote',
      {
        entityRef: body.entityRef,
        version: body.version,
        ...(body.fromEnvironment && { fromEnvironment: body.fromEnvironment }),
        toEnvironment: body.toEnvironment,
        // An override is an admin decision the audit must show, with its reason.
        ...(body.override && { override: { reason: body.override.reason } }),
      },
      async () =>
        promotions.promote(
          {
            entityRef: parseComponentRef(body.entityRef, 'entityRef'),
            version: body.version,
            ...(body.fromEnvironment !== undefined && {
              fromEnvironment: body.fromEnvironment,
            }),
            toEnvironment: body.toEnvironment,
            ...(body.override && {
              override: { reason: body.override.reason },
            }),
          },
          { credentials: caller, actor: actorOf(caller) },
        ),
    );
    res.status(201).json(promotion);
  });

  // --- Audit ----------------------------------------------------------------

  router.get('/audit', async (req, res) => {
    await callerOf(req);
    const { environment, limit = 50, cursor } = req.query;
    const page = await store.listAudit({
      environment: environment?.toLocaleLowerCase('en-US'),
      limit,
      after: cursor === undefined ? undefined : decodeCursor(cursor),
    });
    const last = page.items[page.items.length - 1];
    res.json({
      items: page.items,
      ...(page.hasMore && {
        nextCursor: encodeCursor({
          createdAt: new Date(last.createdAt),
          id: last.id,
        }),
      }),
    });
  });

  return router;
}
