import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ${{ values.camelName }}Permissions } from '@internal/plugin-${{ values.name }}-common';
import { KnexItemStore } from './database/KnexItemStore';
import { createRouter } from './service/router';

/** ${{ values.description | replace('*/', '* /') }} */
export const ${{ values.camelName }}Plugin = createBackendPlugin({
  pluginId: '${{ values.name }}',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        database,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
      }) {
        // Policies and the permission UI know the plugin's permissions.
        permissionsRegistry.addPermissions(${{ values.camelName }}Permissions);

        const store = await KnexItemStore.create({ database });
        httpRouter.use(
          await createRouter({
            store,
            httpAuth,
            permissions,
            auditor,
            catalog,
          }),
        );
        logger.info('Serving items at /api/${{ values.name }}');
      },
    });
  },
});
