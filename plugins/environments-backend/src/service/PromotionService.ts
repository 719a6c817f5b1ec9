import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  Deployment,
  DeploymentsApi,
} from '@internal/plugin-deployments-common';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  EnvironmentTier,
  environmentPromoteOverridePermission,
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
import {
  ArgoCdPromotionTargets,
  renderTemplate,
  TARGETS_CONFIG_KEY,
  templateUses,
} from '../argocd/promotionTargets';
import { EnvironmentStore, PreviewRecord } from '../database/EnvironmentStore';
import { fromTemplate } from '../previews/PreviewEnvironmentProvider';
import {
  EnvironmentDirectory,
  ResolvedEnvironment,
} from './EnvironmentDirectory';
import { EnvironmentLocks } from './EnvironmentLocks';
import { normalizeEntityRef } from './validation';

/** How many pages of deployment history are searched for the promoted version. */
const MAX_HISTORY_PAGES = 20;
const HISTORY_PAGE_SIZE = 500;

/**
 * The environment whose trusted deployments vouch for a version, by the
 * target's tier, where its mapping names none (`promotesFrom`). Other tiers
 * take a trusted deployment from any environment.
 */
const PREVIOUS_ENVIRONMENT_OF_TIER: Partial<Record<EnvironmentTier, string>> = {
  staging: 'development',
  production: 'staging',
};

/** What ArgoCD accepts as an application name (a DNS-1123 subdomain). */
const APPLICATION_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export interface PromotionServiceOptions {
  store: Pick<EnvironmentStore, 'createPromotion'>;
  directory: Pick<EnvironmentDirectory, 'get'>;
  locks: Pick<EnvironmentLocks, 'lockOf'>;
  deployments: DeploymentsApi;
  argoCd?: ArgoCdApplications;
  /** The platform-owned mapping of environments to ArgoCD applications. */
  targets: ArgoCdPromotionTargets;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** Called after a promotion, e.g. to drop the matrix's cached versions. */
  onPromoted?: (entityRef: string) => void;
  now?: () => Date;
}

/** The one ArgoCD application a promotion may sync, and what it must deploy to. */
interface PromotionRoute {
  instance: string;
  application: string;
  projects: readonly string[];
  /** Absent: any destination namespace. */
  destinationNamespaces?: readonly string[];
  /** The config keys that decide each part, for messages that say what to change. */
  keys: { route: string; projects: string; destinationNamespaces: string };
  /** The environment whose trusted deployments vouch for a version. */
  promotesFrom?: string;
  /** Present for applications named after the service (catalog targets). */
  template?: string;
}

/**
 * Promotes a version of a service to an environment: checks permissions,
 * finds the one application the platform's mapping allows (never one a
 * user names), checks locks, finds the commit the version was built from
 * in a trusted deployment of the previous environment, records a pending
 * deployment there, and asks ArgoCD to sync the application to that commit.
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
    const { entityRef, version, fromEnvironment, override } = request;
    const { directory, locks, store } = this.options;
    if (override !== undefined && !override.reason.trim()) {
      throw new InputError('override.reason: must not be empty');
    }

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

    await this.authorize(entityRef, target, override !== undefined, caller);

    const route = this.routeTo(target, entity, entityRef);
    const vouchingEnvironment = this.previousEnvironment(target, route, source);

    const lock = await locks.lockOf(target.name, this.now());
    if (lock && !override) {
      const what =
        lock.source === 'lock' ? 'is locked' : 'is in a freeze window';
      const until = lock.until ? ` (until ${lock.until})` : '';
      throw new ConflictError(
        `toEnvironment: ${target.name} ${what}: ${lock.reason}${until}`,
      );
    }

    const built = await this.findTrustedDeployment(
      entityRef,
      version,
      vouchingEnvironment,
    );
    const application = await this.application(route, target, entityRef);
    if (route.template !== undefined) {
      await this.assertSoleClaim(entityRef, route);
    }

    const id = randomUUID();
    const argocd = {
      instance: application.instance,
      app: application.application.metadata.name,
    };
    const overrideDetails = override && {
      reason: override.reason,
      ...(lock && { overrode: lock }),
    };
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
            fromEnvironment: built.environment,
            argocd,
            ...(overrideDetails && { override: overrideDetails }),
          },
        },
      ]);

    try {
      await this.options
        .argoCd!.client(application.instance)!
        .syncApplication(argocd.app, built.commitSha);
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
        `ArgoCD did not start the sync of ${argocd.app}`,
        error,
      );
    }

    const promotion = await store.createPromotion(
      {
        id,
        entityRef,
        version,
        fromEnvironment: built.environment,
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
          fromEnvironment: built.environment,
          revision: built.commitSha,
          deploymentId: pending.id,
          vouchedBy: { deploymentId: built.id, recordedBy: built.recordedBy },
          argocd,
          ...(overrideDetails && { override: overrideDetails }),
        },
      },
    );
    this.options.onPromoted?.(entityRef);
    return promotion;
  }

  /**
   * environment.promote on the entity (owners and the platform team, as the
   * policy decides); environment.promote.production on top for a
   * production-tier target, and environment.promote.override for a request
   * that asks to override a lock or freeze window.
   */
  private async authorize(
    entityRef: string,
    target: ResolvedEnvironment,
    overriding: boolean,
    caller: { credentials: BackstageCredentials },
  ) {
    const { permissions } = this.options;
    const { credentials } = caller;
    const [promote] = await permissions.authorize(
      [{ permission: environmentPromotePermission, resourceRef: entityRef }],
      { credentials },
    );
    if (promote.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`entityRef: you may not promote ${entityRef}`);
    }
    const allowed = async (permission: BasicPermission) => {
      const [decision] = await permissions.authorize([{ permission }], {
        credentials,
      });
      return decision.result === AuthorizeResult.ALLOW;
    };
    if (
      target.origin === 'catalog' &&
      target.catalog.tier === 'production' &&
      !(await allowed(environmentPromoteProductionPermission))
    ) {
      throw new NotAllowedError(
        `toEnvironment: promoting to the production environment ${target.name} needs the ${environmentPromoteProductionPermission.name} permission`,
      );
    }
    // Services are not subject to policies, so a token (CI, a webhook)
    // would pass any permission check: an override is a person's decision.
    if (overriding && !this.options.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'override: only an administrator, not a service, may promote past a lock or freeze window',
      );
    }
    if (overriding && !(await allowed(environmentPromoteOverridePermission))) {
      throw new NotAllowedError(
        `override: promoting past a lock or freeze window needs the ${environmentPromoteOverridePermission.name} permission`,
      );
    }
  }

  /**
   * The application a promotion to `target` syncs, by the platform's
   * mapping: a catalog environment's target in app-config, or a preview's
   * own application. Nothing a user registers decides it.
   */
  private routeTo(
    target: ResolvedEnvironment,
    entity: Entity,
    entityRef: string,
  ): PromotionRoute {
    if (target.origin === 'preview') {
      return this.previewRoute(target.preview, entityRef);
    }
    const configured = this.options.targets.targets.get(target.name);
    const key = `${TARGETS_CONFIG_KEY}.${target.name}`;
    if (!configured) {
      throw new ConflictError(
        `toEnvironment: ${key} is not configured: promotions to ${target.name} are refused`,
      );
    }
    const apps = applicationsAnnotated(entity);
    if (templateUses(configured.application, 'app')) {
      if (apps.length === 0) {
        throw new ConflictError(
          `entityRef: ${entityRef} has no ${ARGOCD_APP_NAME_ANNOTATION} annotation, so it cannot be promoted through ArgoCD (${key}.application names applications after it)`,
        );
      }
      if (apps.length > 1) {
        throw new ConflictError(
          `entityRef: ${entityRef} names several ArgoCD applications in ${ARGOCD_APP_NAME_ANNOTATION} (${apps.join(
            ', ',
          )}); a promotion needs exactly one`,
        );
      }
    }
    const application = renderTemplate(configured.application, {
      app: apps[0] ?? '',
      name: entity.metadata.name,
    });
    if (!APPLICATION_NAME.test(application)) {
      throw new ConflictError(
        `entityRef: ${key}.application gives "${application}" for ${entityRef}, which is not a valid ArgoCD application name`,
      );
    }
    return {
      instance: configured.instance,
      application,
      projects: configured.projects,
      ...(configured.destinationNamespaces && {
        destinationNamespaces: configured.destinationNamespaces,
      }),
      keys: {
        route: key,
        projects: `${key}.projects`,
        destinationNamespaces: `${key}.destinationNamespaces`,
      },
      ...(configured.promotesFrom && {
        promotesFrom: configured.promotesFrom,
      }),
      template: configured.application,
    };
  }

  /** A preview takes only its own service, into the application its provider made. */
  private previewRoute(
    preview: PreviewRecord,
    entityRef: string,
  ): PromotionRoute {
    const { provider, argocd } = this.options.targets.previews;
    if (!argocd) {
      throw new ConflictError(
        `toEnvironment: previews of provider ${provider} cannot be promoted to`,
      );
    }
    if (!preview.service) {
      throw new ConflictError(
        `toEnvironment: ${preview.name} was created before previews belonged to a service, so nothing can be promoted to it; create a new preview of the service`,
      );
    }
    if (
      preview.service.toLocaleLowerCase('en-US') !==
      entityRef.toLocaleLowerCase('en-US')
    ) {
      throw new ConflictError(
        `toEnvironment: ${preview.name} is a preview of ${preview.service}; only that service can be promoted to it`,
      );
    }
    const key = 'environments.previews.argocd';
    if (argocd.project === undefined) {
      throw new ConflictError(
        `toEnvironment: ${key}.project is not configured: promotions to previews are refused`,
      );
    }
    return {
      instance: argocd.instance,
      application: fromTemplate(argocd.applicationName, preview),
      projects: [argocd.project],
      destinationNamespaces: [fromTemplate(argocd.namespace, preview)],
      keys: {
        route: `${key}.applicationName`,
        projects: `${key}.project`,
        destinationNamespaces: `${key}.namespace`,
      },
    };
  }

  /**
   * The environment whose trusted deployments vouch for the version: the
   * route's `promotesFrom`, else the previous one of the target's tier;
   * undefined (any, or the one the request names) for other tiers and
   * previews. A `fromEnvironment` must be that environment.
   */
  private previousEnvironment(
    target: ResolvedEnvironment,
    route: PromotionRoute,
    source: ResolvedEnvironment | undefined,
  ): string | undefined {
    const tier = target.origin === 'catalog' ? target.catalog.tier : undefined;
    const required =
      route.promotesFrom ??
      (tier === undefined ? undefined : PREVIOUS_ENVIRONMENT_OF_TIER[tier]);
    if (required === undefined) {
      return source?.name;
    }
    if (source && source.name !== required) {
      const why = route.promotesFrom
        ? `${route.keys.route}.promotesFrom`
        : `the ${tier} tier's default; ${route.keys.route}.promotesFrom changes it`;
      throw new ConflictError(
        `fromEnvironment: promotions to ${target.name} come from ${required}, not ${source.name} (${why})`,
      );
    }
    return required;
  }

  /**
   * The newest successful deployment of the version that a trusted source
   * (CI, ArgoCD, the portal itself) recorded, in `environment` if given.
   * What a person posted by hand never vouches for a version.
   */
  private async findTrustedDeployment(
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
          trusted: true,
          limit: HISTORY_PAGE_SIZE,
          cursor,
        });
      // Checked here too: the query's filter is the deployments plugin's promise.
      const match = items.find(
        item =>
          item.trusted === true &&
          item.status === 'succeeded' &&
          item.version === version &&
          (environment === undefined || item.environment === environment),
      );
      if (match) {
        return match;
      }
      if (!nextCursor) {
        break;
      }
      cursor = nextCursor;
    }
    const where = environment ? `in ${environment}` : 'in any environment';
    throw new NotFoundError(
      `version: ${entityRef} ${version} has no successful deployment ${where} recorded by a trusted source (CI, ArgoCD or the portal); deployments recorded by hand do not vouch for a version`,
    );
  }

  /** The route's application, which must exist and deploy where the route allows. */
  private async application(
    route: PromotionRoute,
    target: ResolvedEnvironment,
    entityRef: string,
  ): Promise<LocatedApplication> {
    const { argoCd } = this.options;
    if (!argoCd?.configured) {
      throw new ServiceUnavailableError(
        'Promotions sync through ArgoCD, which is not configured (argocd.appLocatorMethods)',
      );
    }
    const { instance, application: name } = route;
    let located: LocatedApplication | undefined;
    try {
      located = await argoCd.find(name, instance);
    } catch (error) {
      throw new ServiceUnavailableError(
        `ArgoCD instance ${instance} could not be asked for the application ${name}`,
        error,
      );
    }
    if (!located) {
      throw new ConflictError(
        `toEnvironment: ArgoCD instance ${instance} has no application ${name}, which ${route.keys.route} gives for ${entityRef} in ${target.name}`,
      );
    }
    const { project, destination } = located.application.spec;
    if (project === undefined || !route.projects.includes(project)) {
      throw new ConflictError(
        `toEnvironment: the ArgoCD application ${name} is in project ${
          project ?? '(none)'
        }, but promotions to ${
          target.name
        } only sync applications of ${route.projects.join(', ')} (${
          route.keys.projects
        })`,
      );
    }
    const namespace = destination?.namespace;
    if (
      route.destinationNamespaces &&
      (namespace === undefined ||
        !route.destinationNamespaces.includes(namespace))
    ) {
      throw new ConflictError(
        `toEnvironment: the ArgoCD application ${name} deploys to namespace ${
          namespace ?? '(none)'
        }, but promotions to ${
          target.name
        } only sync applications deploying to ${route.destinationNamespaces.join(
          ', ',
        )} (${route.keys.destinationNamespaces})`,
      );
    }
    return located;
  }

  /**
   * Refuses an application that another component maps to as well (by its
   * argocd/app-name, or its name for a `{{name}}` template): one team must
   * not reach another team's application by claiming its name.
   */
  private async assertSoleClaim(entityRef: string, route: PromotionRoute) {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'component' },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const rivals = items
      .filter(other => normalizeEntityRef(other) !== entityRef)
      .filter(other =>
        applicationsOf(other, route.template!).includes(route.application),
      )
      .map(other => normalizeEntityRef(other))
      .sort();
    if (rivals.length > 0) {
      throw new ConflictError(
        `entityRef: the ArgoCD application ${
          route.application
        } is claimed by ${[entityRef, ...rivals].join(
          ' and ',
        )} (${ARGOCD_APP_NAME_ANNOTATION}); promotions to it are refused until only one component claims it`,
      );
    }
  }
}

/** The application names of an entity's argocd/app-name (comma-separated). */
function applicationsAnnotated(entity: Entity): string[] {
  return (entity.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION] ?? '')
    .split(',')
    .map(app => app.trim())
    .filter(Boolean);
}

/** Every application name `template` gives for an entity. */
function applicationsOf(entity: Entity, template: string): string[] {
  const name = entity.metadata.name;
  if (!templateUses(template, 'app')) {
    return [renderTemplate(template, { app: '', name })];
  }
  return applicationsAnnotated(entity).map(app =>
    renderTemplate(template, { app, name }),
  );
}

/** A stored deployment as the input that records it again. */
function pendingInput(deployment: Deployment) {
  const { id, createdAt, updatedAt, recordedBy, trusted, ...input } =
    deployment;
  return input;
}
