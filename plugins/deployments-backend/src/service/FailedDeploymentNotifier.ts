import {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { toError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  Deployment,
  DeploymentWriteResult,
} from '@internal/plugin-deployments-common';

export interface FailedDeploymentNotifierOptions {
  /** Environments whose failures notify; `deployments.productionEnvironments`. */
  productionEnvironments: string[];
  catalog: CatalogService;
  auth: AuthService;
  notifications: NotificationService;
  logger: LoggerService;
}

/**
 * Tells the owners of a component when a deployment of it to production
 * fails or is rolled back. Only a write that newly stored the failure
 * notifies, so a replayed event never notifies twice.
 */
export class FailedDeploymentNotifier {
  private readonly productionEnvironments: Set<string>;
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly notifications: NotificationService;
  private readonly logger: LoggerService;

  static fromConfig(
    config: RootConfigService,
    deps: Omit<FailedDeploymentNotifierOptions, 'productionEnvironments'>,
  ): FailedDeploymentNotifier {
    return new FailedDeploymentNotifier({
      ...deps,
      productionEnvironments: config.getOptionalStringArray(
        'deployments.productionEnvironments',
      ) ?? ['production'],
    });
  }

  constructor(options: FailedDeploymentNotifierOptions) {
    this.productionEnvironments = new Set(options.productionEnvironments);
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.notifications = options.notifications;
    this.logger = options.logger;
  }

  /** Sends the notifications a write calls for. Logs failures, never throws. */
  async notifyNewFailures(results: DeploymentWriteResult[]): Promise<void> {
    const failures = results
      .filter(
        ({ outcome, deployment }) =>
          outcome !== 'unchanged' &&
          (deployment.status === 'failed' ||
            deployment.status === 'rolled_back') &&
          this.productionEnvironments.has(deployment.environment),
      )
      .map(({ deployment }) => deployment);
    if (failures.length === 0) {
      return;
    }

    let entities: Map<string, Entity>;
    try {
      entities = await this.entitiesByRef(failures.map(d => d.entityRef));
    } catch (error) {
      this.logger.error(
        `Could not look up the owners of ${failures.length} failed deployment(s)`,
        toError(error),
      );
      return;
    }
    await Promise.all(
      failures.map(deployment =>
        this.notify(deployment, entities.get(deployment.entityRef)).catch(
          error =>
            this.logger.error(
              `Could not notify the owners of failed deployment ${deployment.id}`,
              toError(error),
            ),
        ),
      ),
    );
  }

  private async notify(deployment: Deployment, entity: Entity | undefined) {
    const owners = (entity?.relations ?? [])
      .filter(relation => relation.type === RELATION_OWNED_BY)
      .map(relation => relation.targetRef);
    if (!entity || owners.length === 0) {
      this.logger.warn(
        `Not notifying about failed deployment ${deployment.id}: ${deployment.entityRef} has no owner in the catalog`,
      );
      return;
    }

    const { name, namespace = DEFAULT_NAMESPACE } = entity.metadata;
    const what =
      deployment.status === 'rolled_back' ? 'was rolled back' : 'failed';
    const details = deployment.url ? ` Details: ${deployment.url}` : '';
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: owners },
      payload: {
        title: `${name}: deployment of ${deployment.version} to ${deployment.environment} ${what}`,
        description: `Commit ${deployment.commitSha.slice(0, 7)}, started ${
          deployment.startedAt
        } by ${deployment.triggeredBy}.${details}`,
        link: `/catalog/${namespace}/component/${name}/deployments`,
        severity: 'high',
        topic: 'deployments',
        // One notification per deployment, even if it is sent again.
        scope: `deployment:${deployment.id}`,
      },
    });
  }

  private async entitiesByRef(refs: string[]): Promise<Map<string, Entity>> {
    const entityRefs = [...new Set(refs)];
    const { items } = await this.catalog.getEntitiesByRefs(
      {
        entityRefs,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const entities = new Map<string, Entity>();
    items.forEach((entity, index) => {
      if (entity) {
        entities.set(entityRefs[index], entity);
      }
    });
    return entities;
  }
}
