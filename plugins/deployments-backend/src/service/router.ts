import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  assertError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeploymentInput,
  DeploymentSource,
  DeploymentWriteResult,
  deploymentCreatePermission,
  MAX_DEPLOYMENT_BATCH_SIZE,
  MAX_DEPLOYMENT_METADATA_BYTES,
} from '@internal/plugin-deployments-common';
import express, { Request } from 'express';
import { callUpstream, portalJsonBody } from '@internal/portal-node';
import {
  DeploymentStore,
  NewDeployment,
  ReportedDeployment,
} from '../database/DeploymentStore';
import { recorderOf } from '../lib/recordedBy';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { decodeCursor, encodeCursor } from './cursor';
import { DeploymentRecorder } from './DeploymentRecorder';
import { computeDoraMetrics } from './dora';
import { ArgoCdNotificationMapper } from './types';
import {
  normalizeEntityRef,
  parseComponentRef,
  parseDoraWindow,
  parseEntityScope,
  parseOptionalTimestamp,
  validateDeploymentInput,
} from './validation';

/**
 * Room for the largest valid batch: every item's metadata at its limit plus
 * its other fields (under 5 KiB) and JSON whitespace: the body guard's limit.
 */
const MAX_REQUEST_BODY_BYTES =
  MAX_DEPLOYMENT_BATCH_SIZE * (MAX_DEPLOYMENT_METADATA_BYTES + 8 * 1024);

export interface RouterOptions {
  store: DeploymentStore;
  recorder: DeploymentRecorder;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
  config: RootConfigService;
  /** Absent when ArgoCD is not configured; the webhook then answers 404. */
  argoCdNotifications?: ArgoCdNotificationMapper;
}

/** Any typed route's request, as HttpAuthService takes it. */
type AnyRequest = Request<any, any, any, any, any>;

type Caller = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    store,
    recorder,
    httpAuth,
    permissions,
    catalog,
    auth,
    auditor,
    config,
    argoCdNotifications,
  } = options;
  const defaultDoraEnvironment =
    config.getOptionalString('deployments.dora.defaultEnvironment') ??
    'production';

  const router = await createOpenApiRouter({
    middleware: portalJsonBody({ limitBytes: MAX_REQUEST_BODY_BYTES }),
  });

  const callerOf = (req: AnyRequest): Promise<Caller> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** Runs a write as one audit event: who recorded what, and whether it worked. */
  async function auditedWrite(
    req: AnyRequest,
    via: 'api' | 'argocd-webhook',
    write: () => Promise<DeploymentWriteResult[]>,
  ): Promise<DeploymentWriteResult[]> {
    const auditorEvent = await auditor.createEvent({
      eventId: 'deployment-record',
      severityLevel: 'medium',
      request: req,
      meta: { via },
    });
    try {
      const results = await write();
      await auditorEvent.success({ meta: summarize(results) });
      return results;
    } catch (error) {
      assertError(error);
      await auditorEvent.fail({ error });
      throw error;
    }
  }

  /** Users need deployment.create on every entity; CI services may record any. */
  async function authorizeRecording(entityRefs: string[], caller: Caller) {
    if (caller.principal.type !== 'user') {
      return;
    }
    const distinct = [...new Set(entityRefs)];
    const decisions = await permissions.authorize(
      distinct.map(resourceRef => ({
        permission: deploymentCreatePermission,
        resourceRef,
      })),
      { credentials: caller },
    );
    const denied = distinct.find(
      (_, index) => decisions[index].result !== AuthorizeResult.ALLOW,
    );
    if (denied) {
      throw new NotAllowedError(
        `entityRef: you may not record deployments of ${denied}`,
      );
    }
  }

  /**
   * The entities a query selects: undefined for all of them. The catalog is
   * asked with the plugin's own credentials, since CI tokens may be
   * restricted to this plugin.
   */
  async function selectedEntityRefs(scope: {
    entityRef?: string;
    owner?: string;
  }): Promise<string[] | undefined> {
    if (scope.owner === undefined) {
      return scope.entityRef === undefined ? undefined : [scope.entityRef];
    }
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await callUpstream(
      'the catalog',
      () =>
        catalog.getEntities(
          {
            filter: { kind: 'component', 'relations.ownedBy': scope.owner! },
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
          },
          { credentials },
        ),
      { inputField: 'owner' },
    );
    const owned = items.map(normalizeEntityRef);
    return scope.entityRef === undefined
      ? owned
      : owned.filter(ref => ref === scope.entityRef);
  }

  router.post('/deployments', async (req, res) => {
    const caller = await callerOf(req);
    const body = req.body;

    const results = await auditedWrite(req, 'api', async () => {
      const events =
        'items' in body
          ? body.items.map((item, index) =>
              recordedByCaller(
                validateDeploymentInput(item, `items[${index}]`),
                caller,
                `items[${index}]`,
              ),
            )
          : [recordedByCaller(validateDeploymentInput(body), caller)];
      await authorizeRecording(
        events.map(event => event.entityRef),
        caller,
      );
      // Replays and updates are authorized again on the stored deployments'
      // own entities, read in the write transaction.
      return recorder.record(events, {
        authorizeStored: entityRefs => authorizeRecording(entityRefs, caller),
      });
    });

    if ('items' in body) {
      res.json({ items: results });
    } else {
      const [{ deployment, outcome }] = results;
      res.status(outcome === 'created' ? 201 : 200).json(deployment);
    }
  });

  router.get('/deployments', async (req, res) => {
    await callerOf(req);
    const {
      environment,
      status,
      since,
      until,
      trusted,
      limit = 50,
      cursor,
    } = req.query;
    const scope = parseEntityScope(req.query);
    const filter = {
      environment,
      status,
      since: parseOptionalTimestamp(since, 'since'),
      until: parseOptionalTimestamp(until, 'until'),
      trusted,
    };
    const after = cursor === undefined ? undefined : decodeCursor(cursor);

    const page = await store.list({
      filter: { ...filter, entityRefs: await selectedEntityRefs(scope) },
      limit,
      after,
    });
    const last = page.items[page.items.length - 1];
    res.json({
      items: page.items,
      ...(page.hasMore && {
        nextCursor: encodeCursor({
          startedAt: new Date(last.startedAt),
          id: last.id,
        }),
      }),
    });
  });

  router.get('/current', async (req, res) => {
    await callerOf(req);
    const entityRef = parseComponentRef(req.query.entityRef, 'entityRef');
    res.json({ entityRef, items: await store.current(entityRef) });
  });

  // A read, though a POST: up to 1,000 refs do not fit in a query string.
  router.post('/current/query', async (req, res) => {
    await callerOf(req);
    const { entityRefs, environments } = req.body;
    const refs = entityRefs.map((ref, index) =>
      parseComponentRef(ref, `entityRefs[${index}]`),
    );
    const current = await store.currentMany(refs, environments);
    res.json({
      items: refs.map(entityRef => ({
        entityRef,
        items: current.get(entityRef) ?? [],
      })),
    });
  });

  router.get('/metrics/dora', async (req, res) => {
    await callerOf(req);
    const { environment = defaultDoraEnvironment } = req.query;
    if (
      (req.query.entityRef === undefined) ===
      (req.query.owner === undefined)
    ) {
      throw new InputError('entityRef, owner: give exactly one of them');
    }
    const scope = parseEntityScope(req.query);
    const window = parseDoraWindow(req.query, new Date());

    const samples = await store.doraSamples({
      entityRefs: (await selectedEntityRefs(scope)) ?? [],
      environment,
      ...window,
    });
    res.json({
      scope: {
        ...scope,
        environment,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      },
      ...computeDoraMetrics(samples, window),
    });
  });

  // Only services: the argocd-notifications token. A user cannot post a
  // sync result in ArgoCD's name.
  router.post('/webhooks/argocd', async (req, res) => {
    const caller = await httpAuth.credentials(req, { allow: ['service'] });
    const [{ deployment }] = await auditedWrite(
      req,
      'argocd-webhook',
      async () => {
        if (!argoCdNotifications) {
          throw new NotFoundError(
            'ArgoCD is not configured (argocd.appLocatorMethods)',
          );
        }
        const mapped = await argoCdNotifications.toDeployment(req.body);
        if (!mapped) {
          throw new NotFoundError(
            `app: no catalog entity has argocd/app-name ${req.body.app}`,
          );
        }
        return recorder.record([
          {
            ...validateDeploymentInput<ReportedDeployment>(mapped),
            recordedBy: recorderOf(caller.principal),
          },
        ]);
      },
    );
    res.json(deployment);
  });

  return router;
}

/** The sources only the portal's integrations (service callers) record. */
const INTEGRATION_SOURCES: Partial<Record<DeploymentSource, string>> = {
  argocd: 'the ArgoCD integration',
  kubernetes: 'the Kubernetes integration',
};

/**
 * An event of the API with who set it off and who records it. A person
 * records under their own name, and never in the name of the portal's
 * integrations; services (CI) may name the person who set a run off.
 */
function recordedByCaller(
  input: DeploymentInput,
  caller: Caller,
  path?: string,
): NewDeployment {
  const field = (name: keyof DeploymentInput) =>
    path ? `${path}.${name}` : name;
  const recordedBy = recorderOf(caller.principal);
  if (caller.principal.type !== 'user') {
    return {
      ...input,
      triggeredBy: input.triggeredBy ?? recordedBy,
      recordedBy,
    };
  }
  const integration = INTEGRATION_SOURCES[input.source];
  if (integration) {
    throw new InputError(
      `${field('source')}: only ${integration} records source ${
        input.source
      }; record your deployment with source ci or manual`,
    );
  }
  if (input.triggeredBy !== undefined && input.triggeredBy !== recordedBy) {
    throw new InputError(
      `${field(
        'triggeredBy',
      )}: a person records deployments in their own name (${recordedBy}); leave triggeredBy out`,
    );
  }
  return { ...input, triggeredBy: recordedBy, recordedBy };
}

function summarize(results: DeploymentWriteResult[]) {
  const count = (outcome: DeploymentWriteResult['outcome']) =>
    results.filter(result => result.outcome === outcome).length;
  return {
    entityRefs: [...new Set(results.map(r => r.deployment.entityRef))],
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
  };
}
