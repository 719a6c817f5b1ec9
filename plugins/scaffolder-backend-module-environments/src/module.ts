import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPreviewEnvironmentAction } from './actions/createPreview';
import { createSetEnvironmentConfigAction } from './actions/setConfig';

/**
 * The environment manager's scaffolder actions: `environments:create-preview`
 * and `environments:set-config`.
 */
export const scaffolderModuleEnvironments = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'environments',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, discovery, auth }) {
        scaffolder.addActions(
          createPreviewEnvironmentAction({ config, discovery, auth }),
          createSetEnvironmentConfigAction({ discovery, auth }),
        );
      },
    });
  },
});
