import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { toError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DeploymentStore,
  ReportedDeployment,
} from '../database/DeploymentStore';
import { PLUGIN_RECORDER } from '../lib/recordedBy';
import { ArgoCdNotification, ArgoCdNotificationMapper } from '../service/types';
import { findArgoCdComponents } from './argoCdComponents';
import { EnvironmentResolver } from './EnvironmentResolver';
import { inBatches } from '../lib/inBatches';
import { deploymentOfNotification, deploymentsOfApplication } from './mapping';
import {
  ArgoCdApplication,
  ArgoCdAuthenticationError,
  ArgoCdClient,
  ArgoCdInstance,
  readArgoCdInstances,
} from '@internal/argocd-client';

/** Applications read at once from one instance. */
const READ_CONCURRENCY = 4;

export interface ArgoCdDeploymentReaderOptions {
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  recorder: Pick<DeploymentStore, 'record'>;
}

/** What one pass of the reader did. */
export interface ArgoCdReadSummary {
  /** Applications found, counted once per instance that has them. */
  applications: number;
  /** Deployments that were new or moved on to a further status. */
  recorded: number;
}

/**
 * Records the deployments ArgoCD knows of: the sync history and current
 * operation of the application of every catalog Component annotated with
 * `argocd/app-name`, on every configured instance. Also maps the
 * argocd-notifications webhook the same way, so both record one deployment
 * per sync operation.
 */
export class ArgoCdDeploymentReader implements ArgoCdNotificationMapper {
  static fromConfig(
    config: Config,
    options: ArgoCdDeploymentReaderOptions,
  ): ArgoCdDeploymentReader {
    return new ArgoCdDeploymentReader(
      options,
      readArgoCdInstances(config).map(instance => new ArgoCdClient(instance)),
      EnvironmentResolver.fromConfig(config),
    );
  }

  private constructor(
    private readonly options: ArgoCdDeploymentReaderOptions,
    private readonly clients: readonly ArgoCdClient[],
    private readonly environments: EnvironmentResolver,
  ) {}

  /**
   * One pass over all instances. A failing application or instance is logged
   * and skipped, so one broken app cannot hide the deployments of the rest.
   */
  async run(): Promise<ArgoCdReadSummary> {
    const { logger, recorder } = this.options;
    const entityRefOfApp = await findArgoCdComponents(this.options);
    const reads = await Promise.all(
      this.clients.map(client => this.readInstance(client, entityRefOfApp)),
    );
    const deployments = reads.flatMap(read => read.deployments);

    let recorded = 0;
    for (const batch of inBatches(deployments)) {
      try {
        // A deployment recorded for another component stays there: the
        // app's annotation moved since, and its new syncs go to the new one.
        const results = await recorder.record(
          batch.map(deployment => ({
            ...deployment,
            recordedBy: PLUGIN_RECORDER,
          })),
          { onEntityConflict: 'skip' },
        );
        recorded += results.filter(r => r.outcome !== 'unchanged').length;
      } catch (error) {
        logger.error(
          `Could not record ${batch.length} deployments read from ArgoCD`,
          toError(error),
        );
      }
    }

    return {
      applications: reads.reduce((sum, read) => sum + read.applications, 0),
      recorded,
    };
  }

  async toDeployment(
    notification: ArgoCdNotification,
  ): Promise<ReportedDeployment | undefined> {
    const entityRefOfApp = await findArgoCdComponents(this.options);
    const entityRef = entityRefOfApp.get(notification.app);
    if (!entityRef) return undefined;
    const instance = this.clients.find(
      client => client.instance.name === notification.instance,
    )?.instance;
    return deploymentOfNotification(notification, {
      instance: { name: notification.instance, url: instance?.url },
      entityRef,
      environment: this.environments.resolve({
        project: notification.project,
        namespace: notification.destinationNamespace,
      }),
    });
  }

  private async readInstance(
    client: ArgoCdClient,
    entityRefOfApp: ReadonlyMap<string, string>,
  ): Promise<{ applications: number; deployments: ReportedDeployment[] }> {
    const { logger } = this.options;
    const { instance } = client;
    const apps = [...entityRefOfApp];
    // By position, so that a pass hands over its deployments in a stable order.
    const found: Array<ReportedDeployment[] | undefined> = apps.map(
      () => undefined,
    );
    try {
      await forEachConcurrently(
        apps,
        READ_CONCURRENCY,
        async ([app, entityRef], index) => {
          try {
            const application = await client.getApplication(app);
            // Not every instance runs every app.
            if (application) {
              found[index] = this.deploymentsOf(
                application,
                instance,
                entityRef,
              );
            }
          } catch (error) {
            // Every other app would be refused too: give up the instance.
            if (error instanceof ArgoCdAuthenticationError) throw error;
            logger.warn(
              `Skipped ArgoCD application "${app}" of instance "${instance.name}"`,
              toError(error),
            );
          }
        },
      );
    } catch (error) {
      logger.error(
        `Skipped the rest of ArgoCD instance "${instance.name}" in this pass`,
        toError(error),
      );
    }
    const read = found.filter(deployments => deployments !== undefined);
    return { applications: read.length, deployments: read.flat() };
  }

  private deploymentsOf(
    application: ArgoCdApplication,
    instance: ArgoCdInstance,
    entityRef: string,
  ): ReportedDeployment[] {
    return deploymentsOfApplication(application, {
      instance,
      entityRef,
      environment: this.environments.resolve({
        project: application.spec.project,
        namespace: application.spec.destination?.namespace,
      }),
    });
  }
}

/**
 * Runs `task` on every item, at most `concurrency` at a time. The first
 * failure stops further tasks from starting and is rethrown once the
 * running ones are done.
 */
async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await task(items[index], index);
      } catch (error) {
        next = items.length;
        throw error;
      }
    }
  };
  const workers = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  const failure = workers.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failure) throw failure.reason;
}
