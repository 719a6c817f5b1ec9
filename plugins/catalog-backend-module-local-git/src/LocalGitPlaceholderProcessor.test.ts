import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { LocalGitPlaceholderProcessor } from './LocalGitPlaceholderProcessor';

const OPENAPI = 'openapi: 3.0.3\ninfo:\n  title: Billing\n  version: 1.0.0\n';

function api(definition: NonNullable<Entity['spec']>[string]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'billing-api' },
    spec: { type: 'openapi', definition },
  };
}

describe('LocalGitPlaceholderProcessor', () => {
  const mockDir = createMockDirectory();
  const localGit = mockDir.resolve('local-git');
  const processor = new LocalGitPlaceholderProcessor(localGit);
  const catalogFile = mockDir.resolve('local-git/billing/catalog-info.yaml');
  const inRepository = { type: 'file', target: catalogFile };

  beforeEach(() => {
    mockDir.setContent({
      'local-git': {
        billing: {
          'catalog-info.yaml': '# the entities',
          'openapi.yaml': OPENAPI,
          'openapi.json': '{"openapi": "3.0.3"}',
          docs: { 'links.yaml': '- url: https://example.com\n' },
        },
        payments: { 'secret.txt': 'not billing' },
      },
      'outside.txt': 'not a repository',
    });
  });

  it('runs before the catalog’s own placeholder processor', () => {
    expect(processor.getPriority()).toBeLessThan(20);
  });

  it('resolves $text, $json and $yaml relative to the catalog file', async () => {
    const entity: Entity = {
      ...api({ $text: './openapi.yaml' }),
      metadata: {
        name: 'billing-api',
        links: { $yaml: 'docs/links.yaml' } as any,
        annotations: { 'example.com/raw': { $json: './openapi.json' } as any },
      },
    };

    await expect(
      processor.preProcessEntity(entity, inRepository),
    ).resolves.toEqual({
      ...api(OPENAPI),
      metadata: {
        name: 'billing-api',
        links: [{ url: 'https://example.com' }],
        annotations: { 'example.com/raw': { openapi: '3.0.3' } },
      },
    });
  });

  it.each([
    ['../payments/secret.txt'],
    ['../../outside.txt'],
    ['/etc/hostname'],
  ])('refuses %s, outside the repository', async target => {
    await expect(
      processor.preProcessEntity(api({ $text: target }), inRepository),
    ).rejects.toThrow(/may only reference files of the same repository/);
  });

  it('says which file it could not read', async () => {
    await expect(
      processor.preProcessEntity(
        api({ $text: './missing.yaml' }),
        inRepository,
      ),
    ).rejects.toThrow(/^Placeholder \$text could not read .*missing\.yaml/);
  });

  it('leaves other locations, absolute URLs and unknown placeholders to the catalog', async () => {
    const elsewhere = [
      { type: 'file', target: mockDir.resolve('outside.yaml') },
      {
        type: 'url',
        target: 'https://github.com/acme/billing/blob/main/catalog-info.yaml',
      },
    ];
    for (const location of elsewhere) {
      const entity = api({ $text: './openapi.yaml' });
      await expect(processor.preProcessEntity(entity, location)).resolves.toBe(
        entity,
      );
    }
    for (const definition of [
      { $text: 'https://example.com/openapi.yaml' },
      { $openapi: './openapi.yaml' },
      { $text: './openapi.yaml', description: 'not a placeholder' },
    ]) {
      await expect(
        processor.preProcessEntity(api(definition), inRepository),
      ).resolves.toEqual(api(definition));
    }
  });
});
