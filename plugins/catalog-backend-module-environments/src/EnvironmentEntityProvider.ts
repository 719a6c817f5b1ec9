import {
  AuthService,
  DiscoveryService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  DEFAULT_NAMESPACE,
  ResourceEntityV1alpha1,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  Environment,
  ENVIRONMENT_ARGOCD_DESTINATION_NAMESPACE_ANNOTATION,
  ENVIRONMENT_ARGOCD_PROJECT_ANNOTATION,
  ENVIRONMENT_KUBERNETES_CLUSTER_ANNOTATION,
  ENVIRONMENT_KUBERNETES_NAMESPACE_ANNOTATION,
  ENVIRONMENT_RESOURCE_TYPE,
  ENVIRONMENT_TIER_ANNOTATION,
  ENVIRONMENT_EXPIRES_AT_ANNOTATION,
  ENVIRONMENTS_PROVIDER_LOCATION_TYPE,
  EnvironmentsClient,
} from '@internal/plugin-environments-common';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 1 },
  initialDelay: { seconds: 15 },
};

/**
 * Keeps the preview environments created through the environments API (by
 * the scaffolder or the environments page) in the catalog, as Resources of
 * type `environment`, so that they have owners, pages and search results like
 * the environments defined in files.
 *
 * Every run reads all environments and replaces this provider's entities
 * with the previews among them (a full mutation), so previews torn down or
 * expired leave the catalog on the next run. Environments that already are
 * catalog entities (those the API answers with an `entityRef`) are left to
 * their files.
 */
export class EnvironmentEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  static fromConfig(
    config: RootConfigService,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ): EnvironmentEntityProvider {
    const scheduleConfig = config.getOptionalConfig(
      'catalog.providers.environments.schedule',
    );
    const schedule = scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE;
    return new EnvironmentEntityProvider({
      appBaseUrl: config.getString('app.baseUrl'),
      logger: deps.logger,
      discovery: deps.discovery,
      auth: deps.auth,
      taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
    });
  }

  constructor(
    private readonly options: {
      /** The portal's frontend, which has a page per environment. */
      appBaseUrl: string;
      logger: LoggerService;
      discovery: DiscoveryService;
      auth: AuthService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return ENVIRONMENTS_PROVIDER_LOCATION_TYPE;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const id = `${this.getProviderName()}:refresh`;
    await this.options.taskRunner.run({
      id,
      fn: async () => {
        const logger = this.options.logger.child({ taskId: id });
        try {
          await this.refresh(logger);
        } catch (error) {
          // The previews in the catalog stay as they were until a run
          // succeeds: an unreachable API must not empty the catalog.
          logger.error(
            `Could not read preview environments; the catalog keeps the previous ones. ${describeError(
              error,
            )}`,
          );
        }
      },
    });
  }

  /** Reads the previews from the environments API and replaces this provider's entities with them. */
  async refresh(logger: LoggerService = this.options.logger): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('environments');
    const api = new EnvironmentsClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: {
        async fetch(input, init) {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await auth.getOwnServiceCredentials(),
            targetPluginId: 'environments',
          });
          const headers = new Headers(init?.headers);
          headers.set('Authorization', `Bearer ${token}`);
          return fetch(input, { ...init, headers });
        },
      },
    });

    const { items } = await api.listEnvironments();
    const location = `${ENVIRONMENTS_PROVIDER_LOCATION_TYPE}:${baseUrl}/environments`;
    const previews = items.filter(isPreviewOnlyInApi);

    await this.connection.applyMutation({
      type: 'full',
      entities: previews.map(environment => ({
        entity: this.toEntity(environment, location),
        locationKey: this.getProviderName(),
      })),
    });
    logger.info(
      `Read ${items.length} environments; ${previews.length} previews are in the catalog from the environments API`,
    );
  }

  private toEntity(
    environment: Environment,
    location: string,
  ): ResourceEntityV1alpha1 {
    const { name, title, owner, expiresAt, createdBy, kubernetes, argocd } =
      environment;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        namespace: DEFAULT_NAMESPACE,
        ...(title && { title }),
        description: describePreview(createdBy, expiresAt),
        annotations: {
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
          [ENVIRONMENT_TIER_ANNOTATION]: 'preview',
          ...(expiresAt && { [ENVIRONMENT_EXPIRES_AT_ANNOTATION]: expiresAt }),
          ...(kubernetes && {
            [ENVIRONMENT_KUBERNETES_CLUSTER_ANNOTATION]: kubernetes.cluster,
            [ENVIRONMENT_KUBERNETES_NAMESPACE_ANNOTATION]: kubernetes.namespace,
          }),
          ...(argocd && {
            [ENVIRONMENT_ARGOCD_PROJECT_ANNOTATION]: argocd.project,
            [ENVIRONMENT_ARGOCD_DESTINATION_NAMESPACE_ANNOTATION]:
              argocd.destinationNamespace,
          }),
        },
        tags: ['environment', 'preview'],
        links: [
          {
            url: `${this.options.appBaseUrl}/environments/${encodeURIComponent(
              name,
            )}`,
            title: 'Environment',
            icon: 'dashboard',
          },
        ],
      },
      spec: {
        type: ENVIRONMENT_RESOURCE_TYPE,
        owner,
      },
    };
  }
}

/**
 * A preview that exists only in the environments API. Previews described in
 * catalog files come back from the API with their `entityRef` (and origin
 * `catalog`); the catalog already has them.
 */
function isPreviewOnlyInApi(environment: Environment): boolean {
  return (
    environment.tier === 'preview' &&
    environment.origin === 'preview' &&
    !environment.entityRef
  );
}

function describePreview(createdBy?: string, expiresAt?: string): string {
  const by = createdBy ? ` created by ${createdBy}` : '';
  const until = expiresAt ? `; torn down at ${expiresAt}` : '';
  return `Preview environment${by} through the environment manager${until}.`;
}

function describeError(error: unknown): string {
  if (error instanceof ResponseError) {
    return `${error.cause.message} (HTTP ${error.statusCode})`;
  }
  return String(error);
}
