import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Deployment,
  DeploymentsApi,
} from '@internal/plugin-deployments-common';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  environmentPromotePermission,
  environmentPromoteProductionPermission,
  Promotion,
  PromotionRequest,
} from '@internal/plugin-environments-common';
import { randomUUID } from 'node:crypto';
import {
  ArgoCdApplications,
  LocatedApplication,
} from '../argocd/ArgoCdApplications';
import { applicationDeploysTo } from '../argocd/applicationEnvironment';
import { EnvironmentStore } from '../database/EnvironmentStore';
import {
  EnvironmentDirectory,
  ResolvedEnvironment,
} from './EnvironmentDirectory';
import { EnvironmentLocks } from './EnvironmentLocks';
import { ARGOCD_INSTANCE_ANNOTATION } from './MatrixService';

/** How many pages of deployment history are searched for the promoted version. */
const MAX_HISTORY_PAGES = 20;
const HISTORY_PAGE_SIZE = 500;

export interface PromotionServiceOptions {
  store: EnvironmentStore;
  directory: EnvironmentDirectory;
  locks: EnvironmentLocks;
  deployments: DeploymentsApi;
  argoCd?: ArgoCdApplications;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** Called after a promotion, e.g. to drop the matrix's cached versions. */
  onPromoted?: (entityRef: string) => void;
  now?: () => Date;
}

/**
 * Promotes a version of a service to an environment: checks permissions
 * and locks, finds the commit the version was built from in the deployment
 * history, records a pending deployment there, and asks ArgoCD to sync the
 * service's application to that commit.
 */
export class PromotionService {
  private readonly now: () => Date;

  constructor(private readonly options: PromotionServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** `request.entityRef` must be normalized already. */
  async promote(
    request: PromotionRequest,
    caller: { credentials: BackstageCredentials; actor: string },
  ): Promise<Promotion> {
    const { entityRef, version, fromEnvironment } = request;
    const { directory, locks, store } = this.options;

    const target = await directory.get(request.toEnvironment, 'toEnvironment');
    const source =
      fromEnvironment === undefined
        ? undefined
        : await directory.get(fromEnvironment, 'fromEnvironment');
    if (source?.name === target.name) {
      throw new InputError('toEnvironment: must differ from fromEnvironment');
    }
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: no entity ${entityRef} in the catalog`,
      );
    }

    await this.authorize(entityRef, target, caller.credentials);

    const lock = await locks.lockOf(target.name, this.now());
    if (lock) {
      const what =
        lock.source === 'lock' ? 'is locked' : 'is in a freeze window';
      const until = lock.until ? ` (until ${lock.until})` : '';
      throw new ConflictError(
        `toEnvironment: ${target.name} ${what}: ${lock.reason}${until}`,
      );
    }

    const built = await this.findDeployment(entityRef, version, source?.name);
    const application = await this.application(
      entity.metadata.annotations ?? {},
      entityRef,
      target,
    );

    const id = randomUUID();
    const [{ deployment: pending }] =
      await this.options.deployments.recordDeployments([
        {
          entityRef,
          environment: target.name,
          version,
          commitSha: built.commitSha,
          ...(built.image && { image: built.image }),
          status: 'pending',
          startedAt: this.now().toISOString(),
          triggeredBy: caller.actor,
          source: 'manual',
          sourceId: `promotion/${id}`,
          metadata: {
            promotionId: id,
            ...(source && { fromEnvironment: source.name }),
            argocd: {
              instance: application.instance,
              app: application.application.metadata.name,
            },
          },
        },
      ]);

    try {
      await this.options
        .argoCd!.client(application.instance)!
        .syncApplication(
          application.application.metadata.name,
          built.commitSha,
        );
    } catch (error) {
      // The history must not keep a deployment that never started.
      await this.options.deployments.recordDeployments([
        {
          ...pendingInput(pending),
          status: 'failed',
          finishedAt: this.now().toISOString(),
        },
      ]);
      throw new ServiceUnavailableError(
        `ArgoCD did not start the sync of ${application.application.metadata.name}`,
        error,
      );
    }

    const promotion = await store.createPromotion(
      {
        id,
        entityRef,
        version,
        ...(source && { fromEnvironment: source.name }),
        toEnvironment: target.name,
        status: 'pending',
        deploymentId: pending.id,
        revision: built.commitSha,
        requestedBy: caller.actor,
      },
      {
        environment: target.name,
        action: 'promotion.create',
        actor: caller.actor,
        details: {
          entityRef,
          version,
          ...(source && { fromEnvironment: source.name }),
          revision: built.commitSha,
          deploymentId: pending.id,
          argocd: {
            instance: application.instance,
            app: application.application.metadata.name,
          },
        },
      },
    );
    this.options.onPromoted?.(entityRef);
    return promotion;
  }

  /**
   * environment.promote on the entity (owners and the platform team, as the
   * policy decides), and environment.promote.production on top for a
   * production-tier target.
   */
  private async authorize(
    entityRef: string,
    target: ResolvedEnvironment,
    credentials: BackstageCredentials,
  ) {
    const { permissions } = this.options;
    const [promote] = await permissions.authorize(
      [{ permission: environmentPromotePermission, resourceRef: entityRef }],
      { credentials },
    );
    if (promote.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`entityRef: you may not promote ${entityRef}`);
    }
    const production =
      target.origin === 'catalog' && target.catalog.tier === 'production';
    if (production) {
      const [decision] = await permissions.authorize(
        [{ permission: environmentPromoteProductionPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `toEnvironment: promoting to the production environment ${target.name} needs the ${environmentPromoteProductionPermission.name} permission`,
        );
      }
    }
  }

  /** The newest successful deployment of the version, in `environment` if given. */
  private async findDeployment(
    entityRef: string,
    version: string,
    environment: string | undefined,
  ): Promise<Deployment> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const { items, nextCursor } =
        await this.options.deployments.listDeployments({
          entityRef,
          environment,
          status: 'succeeded',
          limit: HISTORY_PAGE_SIZE,
          cursor,
        });
      const match = items.find(item => item.version === version);
      if (match) {
        return match;
      }
      if (!nextCursor) {
        break;
      }
      cursor = nextCursor;
    }
    const where = environment ? ` to ${environment}` : '';
    throw new NotFoundError(
      `version: ${entityRef} ${version} was never deployed successfully${where}`,
    );
  }

  /** The service's ArgoCD application, which must deploy to the target. */
  private async application(
    annotations: Record<string, string>,
    entityRef: string,
    target: ResolvedEnvironment,
  ): Promise<LocatedApplication> {
    const { argoCd } = this.options;
    if (!argoCd?.configured) {
      throw new ServiceUnavailableError(
        'Promotions sync through ArgoCD, which is not configured (argocd.appLocatorMethods)',
      );
    }
    const name = annotations[ARGOCD_APP_NAME_ANNOTATION];
    if (!name) {
      throw new ConflictError(
        `entityRef: ${entityRef} has no ${ARGOCD_APP_NAME_ANNOTATION} annotation, so it cannot be promoted through ArgoCD`,
      );
    }
    const located = await argoCd.find(
      name,
      annotations[ARGOCD_INSTANCE_ANNOTATION],
    );
    if (!located) {
      throw new ConflictError(
        `entityRef: ArgoCD has no application ${name} (${ARGOCD_APP_NAME_ANNOTATION} of ${entityRef})`,
      );
    }
    const catalog = target.origin === 'catalog' ? target.catalog : undefined;
    if (applicationDeploysTo(located.application, catalog) === 'no') {
      const { project, destination } = located.application.spec;
      throw new ConflictError(
        `toEnvironment: the ArgoCD application ${name} deploys to project ${project}, namespace ${destination?.namespace}, not to ${target.name}`,
      );
    }
    return located;
  }
}

/** A stored deployment as the input that records it again. */
function pendingInput(deployment: Deployment) {
  const { id, createdAt, updatedAt, ...input } = deployment;
  return input;
}
