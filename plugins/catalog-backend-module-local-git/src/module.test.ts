import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  CatalogProcessor,
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogModuleLocalGit } from './module';

async function startWith(config: object) {
  let allowedLocationTypes: string[] | undefined;
  const processors: CatalogProcessor[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        catalogLocationsExtensionPoint,
        {
          setAllowedLocationTypes: (types: string[]) => {
            allowedLocationTypes = types;
          },
        },
      ],
      [
        catalogProcessingExtensionPoint,
        {
          addProcessor: (
            ...added: Array<CatalogProcessor | CatalogProcessor[]>
          ) => processors.push(...added.flat()),
        },
      ],
    ],
    features: [
      catalogModuleLocalGit,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return {
    allowedLocationTypes,
    processors: processors.map(processor => processor.getProcessorName()),
  };
}

describe('catalogModuleLocalGit', () => {
  it('lets the catalog register and read the local git repositories where the publisher is configured', async () => {
    await expect(
      startWith({
        scaffolder: { localGit: { directory: '../../.data/local-git' } },
      }),
    ).resolves.toEqual({
      allowedLocationTypes: ['url', 'file'],
      processors: ['LocalGitPlaceholderProcessor'],
    });
  });

  it('keeps the catalog as it is where it is not', async () => {
    await expect(startWith({})).resolves.toEqual({
      allowedLocationTypes: undefined,
      processors: [],
    });
  });
});
