import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { prometheusPermissions } from '@internal/plugin-prometheus-common';
import { readPrometheusConfig } from './config';
import { PrometheusService } from './service/PrometheusService';
import { createRouter } from './service/router';

/**
 * Golden signals and alerts of catalog entities from Prometheus: PromQL
 * templates in config, filled server-side with each entity's
 * `prometheus.io/selector`, short-cached, with a deadline on every request.
 */
export const prometheusPlugin = createBackendPlugin({
  pluginId: 'prometheus',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
      }) {
        permissionsRegistry.addPermissions(prometheusPermissions);

        // Config errors fail the startup rather than a request later.
        const prometheusConfig = readPrometheusConfig(config);
        if (prometheusConfig.instances.length === 0) {
          logger.warn(
            'prometheus.instances is not configured: every signals and alerts request answers 503',
          );
        } else {
          logger.info(
            `Prometheus instances: ${prometheusConfig.instances
              .map(i => i.name)
              .join(', ')}; ${prometheusConfig.signals.length} signals`,
          );
        }
        const service = new PrometheusService({
          config: prometheusConfig,
          catalog,
          logger,
        });
        httpRouter.use(
          await createRouter({
            service,
            config: prometheusConfig,
            httpAuth,
            permissions,
            auditor,
          }),
        );
      },
    });
  },
});
