import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  environmentConfigWritePermission,
  environmentDeletePermission,
  environmentExtendPermission,
  environmentPermissions,
} from '@internal/plugin-environments-common';
import {
  environmentPermissionResourceRef,
  environmentRules,
} from '@internal/plugin-environments-node';
import { Duration } from 'luxon';
import { ArgoCdApplications } from './argocd/ArgoCdApplications';
import { readArgoCdPromotionTargets } from './argocd/promotionTargets';
import { KnexEnvironmentStore } from './database/KnexEnvironmentStore';
import { pluginDeploymentsClient } from './deployments/pluginDeploymentsClient';
import { readConfigFreezeWindows } from './freeze/freezeWindows';
import {
  DEFAULT_MAX_ACTIVE_PREVIEWS_PER_OWNER,
  PreviewEnvironments,
} from './previews/PreviewEnvironments';
import { previewProviderFromConfig } from './previews/previewProviderFromConfig';
import { PreviewReaper } from './previews/PreviewReaper';
import { SecretCipher } from './secrets/SecretCipher';
import { ConfigService } from './service/ConfigService';
import { EnvironmentDirectory } from './service/EnvironmentDirectory';
import { EnvironmentLocks } from './service/EnvironmentLocks';
import { MatrixService } from './service/MatrixService';
import { PromotionService } from './service/PromotionService';
import { createRouter } from './service/router';

const DEFAULT_MATRIX_CONCURRENCY = 16;
const DEFAULT_MATRIX_CACHE_TTL = { seconds: 15 };

/**
 * The environment manager: environments from the catalog and preview
 * environments with a time to live, their config and secrets, locks and
 * freeze windows, promotions through ArgoCD, the version matrix, and an
 * audit trail of every change.
 */
export const environmentsPlugin = createBackendPlugin({
  pluginId: 'environments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
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
        discovery,
        auth,
        httpAuth,
        httpRouter,
        userInfo,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        notifications,
      }) {
        // Config errors fail the startup rather than a request later.
        const cipher = SecretCipher.fromConfig(config);
        if (!cipher) {
          logger.warn(
            'environments.secretsKey is not configured: secret config values can neither be written nor compared',
          );
        }
        const configuredFreezeWindows = readConfigFreezeWindows(config);
        const provider = previewProviderFromConfig(config, { logger });
        // Where promotions may sync: the platform's mapping, never the catalog's.
        const promotionTargets = readArgoCdPromotionTargets(config);
        const maxActivePerOwner = readMaxActivePerOwner(config);

        const store = await KnexEnvironmentStore.create({ database });
        const directory = new EnvironmentDirectory({
          catalog,
          auth,
          store,
          logger,
        });

        // The environment resource type lets policies decide on one
        // environment by its owner and tier: the permission backend applies
        // their conditions to the environment a request names, read here.
        permissionsRegistry.addResourceType({
          resourceRef: environmentPermissionResourceRef,
          permissions: [
            environmentExtendPermission,
            environmentDeletePermission,
            environmentConfigWritePermission,
          ],
          rules: Object.values(environmentRules),
          getResources: names => directory.permissionResources(names),
        });
        permissionsRegistry.addPermissions(environmentPermissions);

        const locks = new EnvironmentLocks({
          store,
          configuredWindows: configuredFreezeWindows,
        });
        const deployments = pluginDeploymentsClient({ discovery, auth });
        const cacheTtl = config.has('environments.matrix.cacheTtl')
          ? readDurationFromConfig(config, {
              key: 'environments.matrix.cacheTtl',
            })
          : DEFAULT_MATRIX_CACHE_TTL;
        const cacheTtlMs = Duration.fromObject(cacheTtl).toMillis();
        const argoCd = ArgoCdApplications.fromConfig(config, {
          logger,
          cacheTtlMs,
        });

        const matrix = new MatrixService({
          catalog,
          auth,
          deployments,
          directory,
          argoCd,
          logger,
          concurrency:
            config.getOptionalNumber('environments.matrix.concurrency') ??
            DEFAULT_MATRIX_CONCURRENCY,
          cacheTtlMs,
        });
        const promotions = new PromotionService({
          store,
          directory,
          locks,
          deployments,
          argoCd,
          targets: promotionTargets,
          catalog,
          auth,
          permissions,
          onPromoted: entityRef => matrix.invalidate(entityRef),
        });
        const previews = new PreviewEnvironments({
          store,
          provider,
          logger,
          maxActivePerOwner,
        });

        // --- The reaper: warns owners an hour before a preview expires and
        // tears down expired ones, on one replica at a time.
        const reaper = new PreviewReaper({
          store,
          previews,
          notifications,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'environments-preview-reaper',
          ...readReaperSchedule(config),
          scope: 'global',
          fn: async () => {
            await reaper.run();
          },
        });

        httpRouter.use(
          await createRouter({
            store,
            directory,
            locks,
            configuredFreezeWindows,
            config: new ConfigService({ store, cipher }),
            previews,
            matrix,
            promotions,
            httpAuth,
            auth,
            userInfo,
            permissions,
            auditor,
            catalog,
          }),
        );
      },
    });
  },
});

/** environments.previews.maxActivePerOwner: a whole number, 0 or more. */
function readMaxActivePerOwner(config: Config): number {
  const key = 'environments.previews.maxActivePerOwner';
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return DEFAULT_MAX_ACTIVE_PREVIEWS_PER_OWNER;
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${key} must be a whole number of 0 or more, not ${value}`);
  }
  return value;
}

/** environments.previews.reaper, each duration defaulted on its own. */
function readReaperSchedule(config: Config) {
  const read = (key: string, fallback: HumanDuration) => {
    const path = `environments.previews.reaper.${key}`;
    return config.has(path)
      ? readDurationFromConfig(config, { key: path })
      : fallback;
  };
  return {
    frequency: read('frequency', { minutes: 1 }),
    timeout: read('timeout', { minutes: 5 }),
    initialDelay: read('initialDelay', { seconds: 30 }),
  };
}
