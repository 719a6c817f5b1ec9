import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

/** Brings the preview environments of the environment manager into the catalog. */
export const catalogModuleEnvironments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'environments',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        catalog.addEntityProvider(
          EnvironmentEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            discovery,
            auth,
          }),
        );
      },
    });
  },
});
