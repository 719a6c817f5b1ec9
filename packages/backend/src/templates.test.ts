/*
 * Every template in templates/, run by the real scaffolder: the catalog and
 * scaffolder backends with the local git publisher (startTestBackend, an
 * in-memory SQLite database per plugin), each template registered from its
 * file the way app-config.yaml registers it, and run through
 * POST /api/scaffolder/v2/tasks (not a dry run) with only the three values
 * a template must not need more than: name, owner and description.
 *
 * Checked for each run: the task completes; the new local repository has
 * one commit holding the files every service carries; its catalog file is
 * valid catalog-model and carries the portal's annotations; its entities
 * are in the catalog; the output links to the repository, the entity page
 * and the TechDocs.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleLocalGit, {
  LocalGitPlaceholderProcessor,
} from '@internal/plugin-catalog-backend-module-local-git';
import scaffolderModuleLocalGit from '@internal/plugin-scaffolder-backend-module-local-git';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { eventually } from './testing/startPortalBackend';
import {
  createTemplateTask,
  waitForTemplateTask,
} from './testing/scaffolderTasks';

jest.setTimeout(600_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');
const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');

/** Templates that make no repository: previews live in the environments backend. */
const NOT_PUBLISHING = new Set(['preview-environment']);

/** What every deployable service carries (the list). */
const SERVICE_FILES = [
  'catalog-info.yaml',
  'Dockerfile',
  'mkdocs.yml',
  'docs/index.md',
  'k8s/base/kustomization.yaml',
  'k8s/overlays/development/kustomization.yaml',
  'k8s/overlays/staging/kustomization.yaml',
  'k8s/overlays/production/kustomization.yaml',
  '.github/workflows/',
];
const SERVICE_ANNOTATIONS = [
  'argocd/app-name',
  'backstage.io/kubernetes-id',
  'prometheus.io/selector',
  'backstage.io/techdocs-ref',
  'courses/recommended',
];

interface Expectations {
  /**
   * Paths in the repository, `<name>` standing for the name given; one
   * ending in "/" asks for any file below it.
   */
  files: string[];
  /** Annotations of the Component. */
  annotations: string[];
  /** The kinds of the entities in its catalog file, one per entity. */
  kinds: string[];
  /** How many ArgoCD Applications deploy it, at least. */
  argoCdApplications: number;
}

const SERVICE: Expectations = {
  files: SERVICE_FILES,
  annotations: SERVICE_ANNOTATIONS,
  // The service and its HTTP API.
  kinds: ['Component', 'API'],
  argoCdApplications: 1,
};

/**
 * Per template, what its output must hold; a template not listed here is
 * held to what every service carries.
 */
const EXPECTATIONS: Record<string, Expectations> = {
  'nodejs-service': SERVICE,
  'python-service': SERVICE,
  'go-service': SERVICE,
  // A website has no API of its own.
  'react-frontend': { ...SERVICE, kinds: ['Component'] },
  // A plugin ships inside the portal, built and deployed by the portal's
  // own pipeline: its packages instead of an image, manifests or a workflow.
  'backstage-plugin': {
    files: [
      'catalog-info.yaml',
      'mkdocs.yml',
      'docs/index.md',
      'plugins/<name>/package.json',
      'plugins/<name>-backend/package.json',
      'plugins/<name>-common/package.json',
    ],
    annotations: ['backstage.io/techdocs-ref', 'courses/recommended'],
    // The plugin, its backend and the backend's API.
    kinds: ['Component', 'Component', 'API'],
    argoCdApplications: 0,
  },
};

interface TemplateFile {
  id: string;
  file: string;
  name: string;
  steps: Array<{ id: string; action: string }>;
}

function discoverTemplates(): TemplateFile[] {
  return fs
    .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter(dirent => dirent.isDirectory() && !NOT_PUBLISHING.has(dirent.name))
    .map(dirent => path.join(TEMPLATES_DIR, dirent.name, 'template.yaml'))
    .filter(file => fs.existsSync(file))
    .map(file => {
      const template = parse(fs.readFileSync(file, 'utf8'));
      return {
        id: path.basename(path.dirname(file)),
        file,
        name: template.metadata.name,
        steps: template.spec.steps,
      };
    });
}

const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators: KindValidator[] = [
  componentEntityV1alpha1Validator,
  apiEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
];

/** The entity, as the catalog's policies and kind schemas accept it; throws otherwise. */
async function validEntity(document: Entity): Promise<Entity> {
  const entity = (await entityPolicy.enforce(document)) as Entity;
  for (const validator of kindValidators) {
    if (await validator.check(entity)) {
      return entity;
    }
  }
  throw new Error(`No schema for ${entity.apiVersion} ${entity.kind}`);
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

const user = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};

/** The expected paths (see {@link Expectations}) `files` lacks. */
function missingFiles(
  expected: string[],
  files: string[],
  name: string,
): string[] {
  return expected
    .map(pattern => pattern.replaceAll('<name>', name))
    .filter(expectedPath =>
      expectedPath.endsWith('/')
        ? !files.some(file => file.startsWith(expectedPath))
        : !files.includes(expectedPath),
    );
}

function isArgoCdApplication(
  file: string,
  read: (file: string) => string,
): boolean {
  if (!/\.ya?ml$/.test(file)) {
    return false;
  }
  const text = read(file);
  return (
    /^apiVersion: argoproj\.io\//m.test(text) &&
    /^kind: Application\s*$/m.test(text)
  );
}

/** The entity as the catalog serves it, or undefined while it has not. */
async function catalogEntity(
  baseUrl: string,
  { kind, metadata }: Entity,
): Promise<Entity | undefined> {
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-name/${kind.toLocaleLowerCase(
      'en-US',
    )}/${metadata.namespace ?? 'default'}/${metadata.name}`,
    { headers: user },
  );
  return res.ok ? res.json() : undefined;
}

describe('the templates, run by the real scaffolder', () => {
  const templates = discoverTemplates();
  const mockDir = createMockDirectory();
  const localGit = mockDir.resolve('local-git');
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModuleLocalGit,
        catalogModuleLocalGit,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            scaffolder: {
              defaultAuthor: {
                name: 'Developer Portal',
                email: 'portal@acme-platform.example',
              },
              localGit: { directory: localGit },
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Domain',
                    'Group',
                    'User',
                    'Template',
                  ],
                },
              ],
              locations: [
                path.join(REPO_ROOT, 'demo/catalog/org.yaml'),
                ...templates.map(template => template.file),
              ].map(target => ({ type: 'file', target })),
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    baseUrl = `http://localhost:${port}`;
    stop = () => backend.stop();
    await eventually(async () => {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-query?filter=kind=template`,
        { headers: user },
      );
      const { items } = await res.json();
      return items.length === templates.length ? true : undefined;
    }, 60_000);
  });

  afterAll(async () => {
    await stop?.();
  });

  it('finds the templates in templates/', () => {
    expect(templates.map(template => template.id)).not.toEqual([]);
  });

  // A valid name under every template's pattern.
  const nameFor = (template: TemplateFile) =>
    `sample-${template.id}`.slice(0, 40).replace(/-$/, '');
  const cases = templates.map(template => [template.id, template] as const);

  it.each(cases)(
    '%s: publishes with publish:local unless given a repository',
    (_id, template) => {
      expect(template.steps).toContainEqual(
        expect.objectContaining({
          id: 'publish-local',
          action: 'publish:local',
        }),
      );
    },
  );

  it.each(cases)(
    '%s: a run with only name, owner and description publishes a valid service to the catalog',
    async (id, template) => {
      const name = nameFor(template);
      const expectations = EXPECTATIONS[id] ?? SERVICE;
      const taskId = await createTemplateTask(
        baseUrl,
        user,
        `template:default/${template.name}`,
        {
          name,
          owner: 'group:default/platform-team',
          description: `A ${id} made by the template test`,
        },
      );
      const task = await waitForTemplateTask(baseUrl, user, taskId);
      if (task.status !== 'completed') {
        throw new Error(`The task ${task.status}:\n${task.log.join('\n')}`);
      }

      // One commit on main with what every such service carries, and no
      // value left untemplated.
      const repo = path.join(localGit, name);
      expect(git(repo, 'rev-list', '--count', 'main')).toBe('1');
      const files = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD').split(
        '\n',
      );
      const read = (file: string) =>
        fs.readFileSync(path.join(repo, file), 'utf8');
      expect(missingFiles(expectations.files, files, name)).toEqual([]);
      expect(
        files.filter(file => /\$\{\{\s*(values|parameters)\./.test(read(file))),
      ).toEqual([]);
      expect(
        files.filter(file => isArgoCdApplication(file, read)).length,
      ).toBeGreaterThanOrEqual(expectations.argoCdApplications);

      // A valid catalog file with the portal's annotations, its
      // placeholders ($text) resolved as the catalog resolves them.
      const documents = parseAllDocuments(read('catalog-info.yaml'));
      expect(documents.flatMap(document => document.errors)).toEqual([]);
      const placeholders = new LocalGitPlaceholderProcessor(localGit);
      const catalogFile = {
        type: 'file',
        target: path.join(repo, 'catalog-info.yaml'),
      };
      const entities = await Promise.all(
        documents.map(async document =>
          validEntity(
            await placeholders.preProcessEntity(document.toJS(), catalogFile),
          ),
        ),
      );
      expect(entities.map(entity => entity.kind).sort()).toEqual(
        [...expectations.kinds].sort(),
      );
      const component = entities.find(
        entity => entity.kind === 'Component' && entity.metadata.name === name,
      );
      expect(component?.spec).toMatchObject({
        owner: 'group:default/platform-team',
        lifecycle: 'experimental',
      });
      expect(Object.keys(component?.metadata.annotations ?? {})).toEqual(
        expect.arrayContaining(expectations.annotations),
      );

      // Every entity of the file is in the catalog, read from the new
      // repository.
      const served = await Promise.all(
        entities.map(entity =>
          eventually(() => catalogEntity(baseUrl, entity), 30_000),
        ),
      );
      expect(
        served.map(
          entity => entity.metadata.annotations?.[ANNOTATION_LOCATION],
        ),
      ).toEqual(
        entities.map(() => `file:${path.join(repo, 'catalog-info.yaml')}`),
      );

      // Links to the repository, the entity page and the TechDocs.
      expect(task.output?.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            title: 'Repository',
            url: pathToFileURL(repo).href,
          }),
          expect.objectContaining({
            title: 'Open in catalog',
            entityRef: `component:default/${name}`,
          }),
          expect.objectContaining({
            title: 'TechDocs',
            url: `/docs/default/component/${name}`,
          }),
        ]),
      );
    },
  );
});
