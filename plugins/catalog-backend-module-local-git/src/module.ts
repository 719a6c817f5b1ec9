import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import path from 'node:path';
import { LocalGitPlaceholderProcessor } from './LocalGitPlaceholderProcessor';

/**
 * The catalog's side of the scaffolder's local git publisher, where it is
 * configured (scaffolder.localGit.directory):
 *
 * - The catalog API accepts `file` locations besides the default `url`:
 *   publish:local registers the repositories it creates as file locations,
 *   which keeps TechDocs' `dir:.` working for them. Any user allowed to
 *   create locations can then register any file the backend can read, so
 *   this is for the embedded default on a developer's machine; production
 *   leaves the directory unset and keeps the catalog at `url` locations.
 * - `$text`, `$json` and `$yaml` placeholders with relative paths resolve
 *   in those repositories' catalog files, as they do for url locations.
 */
export const catalogModuleLocalGit = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-git',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ locations, processing, config, logger }) {
        const directory = config.getOptionalString(
          'scaffolder.localGit.directory',
        );
        if (!directory) {
          return;
        }
        locations.setAllowedLocationTypes(['url', 'file']);
        // Relative to the backend's working directory, as publish:local
        // resolves it.
        processing.addProcessor(
          new LocalGitPlaceholderProcessor(path.resolve(directory)),
        );
        logger.info(
          'The catalog accepts file locations, for the local git publisher (scaffolder.localGit.directory)',
        );
      },
    });
  },
});
