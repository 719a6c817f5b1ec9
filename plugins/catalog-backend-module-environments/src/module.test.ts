import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { catalogModuleEnvironments } from './module';

describe('catalogModuleEnvironments', () => {
  it('adds the preview environment provider to the catalog', async () => {
    const providers: EntityProvider[] = [];

    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (
              ...added: Array<EntityProvider | EntityProvider[]>
            ) => providers.push(...added.flat()),
          },
        ],
      ],
      features: [
        catalogModuleEnvironments,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });

    expect(providers.map(provider => provider.getProviderName())).toEqual([
      'environments-provider',
    ]);
  });
});
