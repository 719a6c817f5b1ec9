import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { deploymentPermissions } from '@internal/plugin-deployments-common';
import { ArgoCdDeploymentReader } from './argocd/ArgoCdDeploymentReader';
import { KnexDeploymentStore } from './database/KnexDeploymentStore';
import { seedDemoDeployments } from './demo/seedDemoDeployments';
import { DeploymentRecorder } from './service/DeploymentRecorder';
import { FailedDeploymentNotifier } from './service/FailedDeploymentNotifier';
import { createRouter } from './service/router';

/**
 * Deployment history: deployments reported by CI and read from ArgoCD, the
 * current version per environment, and DORA metrics.
 */
export const deploymentsPlugin = createBackendPlugin({
  pluginId: 'deployments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        auth,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        notifications,
      }) {
        permissionsRegistry.addPermissions(deploymentPermissions);

        const store = await KnexDeploymentStore.create({ database });
        const recorder = new DeploymentRecorder({
          store,
          notifier: FailedDeploymentNotifier.fromConfig(config, {
            catalog,
            auth,
            notifications,
            logger,
          }),
        });

        // --- ArgoCD (src/argocd/): a scheduled reader of sync history that
        // also maps webhook notifications. Both write through the recorder.
        const argoCd = config.has('argocd.appLocatorMethods')
          ? ArgoCdDeploymentReader.fromConfig(config, {
              logger,
              catalog,
              auth,
              recorder,
            })
          : undefined;
        if (argoCd) {
          // Global: one replica at a time runs a pass (the scheduler's lock).
          await scheduler.scheduleTask({
            id: 'deployments-argocd-reader',
            ...readArgoCdSchedule(config),
            fn: async () => {
              const { applications, recorded } = await argoCd.run();
              logger.info(
                `ArgoCD reader pass: ${applications} applications read, ${recorded} deployments recorded`,
              );
            },
          });
        }

        // --- Demo data (src/demo/): history for the demo catalog; it does
        // nothing on a non-empty store.
        if (config.getOptionalBoolean('deployments.demoData.enabled')) {
          await seedDemoDeployments({ store, logger });
        }

        httpRouter.use(
          await createRouter({
            store,
            recorder,
            httpAuth,
            permissions,
            catalog,
            auth,
            auditor,
            config,
            argoCdNotifications: argoCd,
          }),
        );
      },
    });
  },
});

/** deployments.argocd.schedule, each duration defaulted on its own. */
function readArgoCdSchedule(config: Config) {
  const read = (key: string, fallback: HumanDuration) => {
    const path = `deployments.argocd.schedule.${key}`;
    return config.has(path)
      ? readDurationFromConfig(config, { key: path })
      : fallback;
  };
  return {
    frequency: read('frequency', { minutes: 1 }),
    timeout: read('timeout', { minutes: 5 }),
    initialDelay: read('initialDelay', { seconds: 15 }),
  };
}
