import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createActionContext, INITIATOR } from '../__testUtils__/actionContext';
import {
  createPublishLocalAction,
  NOT_CONFIGURED_MESSAGE,
} from './publishLocal';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing-service
spec:
  type: service
  owner: group:default/platform-team
  lifecycle: experimental
`;

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing-service', namespace: 'default' },
  spec: { type: 'service' },
};
const api: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'billing-api', namespace: 'default' },
  spec: { type: 'openapi' },
};

function locationEntity(target: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'generated-0123abcd', namespace: 'default' },
    spec: { type: 'file', target },
  };
}

/** git's answer to `args` in `repo`. */
function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

/**
 * A catalog whose dry runs find `entities` (and the file's generated
 * Location), and which serves the entities once `ingestAfter` reads of
 * them have gone by.
 */
function fakeCatalog(
  options: { entities?: Entity[]; exists?: boolean; ingestAfter?: number } = {},
) {
  const { entities = [api, component], exists = false } = options;
  let reads = 0;
  return catalogServiceMock.mock({
    addLocation: jest.fn(
      async (request: Parameters<CatalogService['addLocation']>[0]) => ({
        location: {
          id: 'location-1',
          type: request.type ?? 'url',
          target: request.target,
          entityRef: 'location:default/generated-0123abcd',
        },
        entities: request.dryRun
          ? [locationEntity(request.target), ...entities]
          : [],
        ...(request.dryRun && { exists }),
      }),
    ),
    refreshEntity: jest.fn(async () => {}),
    getEntityByRef: jest.fn(async () =>
      ++reads > (options.ingestAfter ?? 0) ? component : undefined,
    ),
  });
}

describe('publish:local', () => {
  const mockDir = createMockDirectory();
  const workspace = mockDir.resolve('workspace');
  const localGit = mockDir.resolve('local-git');

  beforeEach(() => {
    mockDir.setContent({
      workspace: {
        'catalog-info.yaml': CATALOG_INFO,
        'README.md': '# billing-service\n',
        src: { 'index.ts': 'export {};\n' },
      },
    });
  });

  function actionWith(
    catalog: ReturnType<typeof fakeCatalog>,
    options: { directory?: string | null; entityWaitMs?: number } = {},
  ) {
    return createPublishLocalAction({
      config: mockServices.rootConfig({
        data: {
          scaffolder: {
            defaultAuthor: {
              name: 'Developer Portal',
              email: 'portal@example.com',
            },
            ...(options.directory !== null && {
              localGit: { directory: options.directory ?? localGit },
            }),
          },
        },
      }),
      catalog,
      entityWaitMs: options.entityWaitMs,
    });
  }

  it('commits the workspace to a new repository and registers its catalog file', async () => {
    const catalog = fakeCatalog({ ingestAfter: 2 });
    const action = actionWith(catalog);
    const { ctx, outputs, logs } = createActionContext(
      action,
      { repoName: 'billing-service', description: 'Bills customers' },
      { workspacePath: workspace },
    );

    await action.handler(ctx);

    const repo = path.join(localGit, 'billing-service');
    expect(git(repo, 'branch', '--show-current')).toBe('main');
    expect(git(repo, 'log', '--format=%an <%ae>|%cn <%ce>|%s')).toBe(
      'Developer Portal <portal@example.com>|Developer Portal <portal@example.com>|Initial commit',
    );
    expect(
      git(repo, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n'),
    ).toEqual(['README.md', 'catalog-info.yaml', 'src/index.ts']);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(fs.readFileSync(path.join(repo, '.git/description'), 'utf8')).toBe(
      'Bills customers\n',
    );

    const catalogInfo = path.join(repo, 'catalog-info.yaml');
    const credentials = { credentials: mockCredentials.user(INITIATOR) };
    expect(catalog.addLocation.mock.calls).toEqual([
      [{ type: 'file', target: catalogInfo, dryRun: true }, credentials],
      [{ type: 'file', target: catalogInfo }, credentials],
    ]);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'location:default/generated-0123abcd',
      credentials,
    );
    // Polled until the catalog served it.
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(
      'component:default/billing-service',
      credentials,
    );

    expect(outputs).toEqual({
      remoteUrl: pathToFileURL(repo).href,
      repoContentsUrl: pathToFileURL(repo).href,
      commitHash: git(repo, 'rev-parse', 'HEAD'),
      catalogInfoUrl: pathToFileURL(catalogInfo).href,
      entityRef: 'component:default/billing-service',
    });
    expect(logs.filter(line => line.level === 'warn')).toEqual([]);
  });

  it('registers the catalog file at catalogInfoPath', async () => {
    mockDir.addContent({
      'workspace/catalog/service.yaml': CATALOG_INFO,
    });
    const catalog = fakeCatalog();
    const action = actionWith(catalog);
    const { ctx, outputs } = createActionContext(
      action,
      { repoName: 'billing-service', catalogInfoPath: '/catalog/service.yaml' },
      { workspacePath: workspace },
    );

    await action.handler(ctx);

    const target = path.join(localGit, 'billing-service/catalog/service.yaml');
    expect(catalog.addLocation).toHaveBeenLastCalledWith(
      { type: 'file', target },
      expect.anything(),
    );
    expect(outputs.catalogInfoUrl).toBe(pathToFileURL(target).href);
  });

  it("outputs the entity of the file's first document, in whatever order the catalog lists them", async () => {
    const backend: Entity = {
      ...component,
      metadata: { name: 'billing-service-backend', namespace: 'default' },
    };
    mockDir.addContent({
      'workspace/catalog-info.yaml': `${CATALOG_INFO}---\n${CATALOG_INFO.replace(
        'name: billing-service',
        'name: billing-service-backend',
      )}`,
    });
    const catalog = fakeCatalog({ entities: [backend, component] });
    const action = actionWith(catalog);
    const { ctx, outputs } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await action.handler(ctx);

    expect(outputs.entityRef).toBe('component:default/billing-service');
  });

  it('only refreshes a location the catalog has already', async () => {
    const catalog = fakeCatalog({ exists: true });
    const action = actionWith(catalog);
    const { ctx, outputs } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await action.handler(ctx);

    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      expect.objectContaining({ dryRun: true }),
      expect.anything(),
    );
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'location:default/generated-0123abcd',
      expect.anything(),
    );
    expect(outputs.entityRef).toBe('component:default/billing-service');
  });

  it('does not fail when the catalog is slow, but says so', async () => {
    const catalog = fakeCatalog({ ingestAfter: Infinity });
    const action = actionWith(catalog, { entityWaitMs: 300 });
    const { ctx, outputs, logs } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await action.handler(ctx);

    expect(outputs.entityRef).toBe('component:default/billing-service');
    expect(logs).toContainEqual({
      level: 'warn',
      message: expect.stringContaining(
        'component:default/billing-service is not in the catalog after',
      ),
    });
  });

  it('refuses a repository that exists already, and leaves it alone', async () => {
    mockDir.addContent({
      'local-git/billing-service/README.md': 'someone else\n',
    });
    const catalog = fakeCatalog();
    const action = actionWith(catalog);
    const { ctx } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await expect(action.handler(ctx)).rejects.toThrow(
      /^Repository billing-service already exists in the local git directory .*; choose another name$/,
    );
    expect(mockDir.content({ path: 'local-git' })).toEqual({
      'billing-service': { 'README.md': 'someone else\n' },
    });
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it("fails with the catalog's reason when it refuses the file, and leaves no repository", async () => {
    const catalog = fakeCatalog();
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message: '/spec/lifecycle must be string',
        },
        request: { method: 'POST', url: '/locations?dryRun=true' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    );
    catalog.addLocation.mockRejectedValueOnce(
      await ResponseError.fromResponse(response),
    );
    const action = actionWith(catalog);
    const { ctx } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await expect(action.handler(ctx)).rejects.toThrow(
      `Could not register ${path.join(
        localGit,
        'billing-service/catalog-info.yaml',
      )} in the catalog: /spec/lifecycle must be string`,
    );
    expect(fs.readdirSync(localGit)).toEqual([]);
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
  });

  it('does not create a repository twice when the task resumes', async () => {
    const catalog = fakeCatalog();
    const action = actionWith(catalog);
    const first = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );
    await action.handler(first.ctx);

    const resumed = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace, checkpoints: first.checkpoints },
    );
    await action.handler(resumed.ctx);

    expect(resumed.outputs.commitHash).toBe(first.outputs.commitHash);
  });

  it.each(['../escape', '.git', 'a/b', 'name with spaces', ''])(
    'refuses the repository name %j',
    async repoName => {
      const action = actionWith(fakeCatalog());
      const { ctx } = createActionContext(
        action,
        { repoName },
        { workspacePath: workspace },
      );

      await expect(action.handler(ctx)).rejects.toThrow(
        /^Invalid repository name/,
      );
      expect(fs.existsSync(localGit)).toBe(false);
      expect(fs.existsSync(mockDir.resolve('escape'))).toBe(false);
    },
  );

  it('refuses a catalogInfoPath outside the repository', async () => {
    const action = actionWith(fakeCatalog());
    const { ctx } = createActionContext(
      action,
      { repoName: 'billing-service', catalogInfoPath: '../../etc/passwd' },
      { workspacePath: workspace },
    );

    await expect(action.handler(ctx)).rejects.toThrow(
      /outside its parent|not allowed/i,
    );
    expect(fs.existsSync(localGit)).toBe(false);
  });

  it('creates nothing when the workspace has no catalog file', async () => {
    fs.rmSync(path.join(workspace, 'catalog-info.yaml'));
    const catalog = fakeCatalog();
    const action = actionWith(catalog);
    const { ctx } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await expect(action.handler(ctx)).rejects.toThrow(
      'The workspace has no catalog-info.yaml to register in the catalog',
    );
    expect(fs.existsSync(localGit)).toBe(false);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('tells the user to pick a repository where no directory is configured', async () => {
    const action = actionWith(fakeCatalog(), { directory: null });
    const { ctx } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await expect(action.handler(ctx)).rejects.toThrow(NOT_CONFIGURED_MESSAGE);
  });

  it('removes a half-created repository, so the name stays free', async () => {
    // A named pipe in the workspace makes the copy fail midway.
    execFileSync('mkfifo', [path.join(workspace, 'pipe')]);
    const action = actionWith(fakeCatalog());
    const { ctx } = createActionContext(
      action,
      { repoName: 'billing-service' },
      { workspacePath: workspace },
    );

    await expect(action.handler(ctx)).rejects.toThrow(/pipe/i);
    expect(fs.readdirSync(localGit)).toEqual([]);
  });
});
