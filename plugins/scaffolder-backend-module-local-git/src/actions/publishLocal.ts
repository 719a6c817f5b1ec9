import {
  BackstageCredentials,
  LoggerService,
  resolveSafeChildPath,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import {
  createLocalRepository,
  DEFAULT_BRANCH,
  GitAuthor,
  localRepositoryPath,
  REPO_NAME_PATTERN,
} from '../localRepository';

export const PUBLISH_LOCAL_ACTION_ID = 'publish:local';

export const NOT_CONFIGURED_MESSAGE =
  'publish:local is not configured (scaffolder.localGit.directory); pick a repository';

/** How long the action waits for the catalog to show the new entity. */
export const DEFAULT_ENTITY_WAIT_MS = 10_000;
const ENTITY_POLL_INTERVAL_MS = 250;

const DEFAULT_CATALOG_INFO_PATH = '/catalog-info.yaml';

/** The upstream publishers' defaults, where scaffolder.* config sets none. */
function readPublishConfig(config: RootConfigService) {
  const directory = config.getOptionalString('scaffolder.localGit.directory');
  const author: GitAuthor = {
    name:
      config.getOptionalString('scaffolder.defaultAuthor.name') ?? 'Scaffolder',
    email:
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      'scaffolder@backstage.io',
  };
  return {
    // Relative to the backend's working directory, like the catalog's
    // file locations in the same config.
    directory: directory ? path.resolve(directory) : undefined,
    author,
    commitMessage:
      config.getOptionalString('scaffolder.defaultCommitMessage') ??
      'Initial commit',
  };
}

/**
 * `publish:local`: makes the workspace a git repository in the configured
 * local directory and registers its catalog-info.yaml in the catalog as a
 * file location, as the user who runs the template.
 *
 * The action is registered even where no directory is configured (the
 * production config), and then fails with a message that says what to do:
 * a template that falls back to it when no repository URL is given then
 * tells the user to pick one, instead of failing on an unknown action.
 */
export function createPublishLocalAction(options: {
  config: RootConfigService;
  catalog: CatalogService;
  /** How long to wait for the entity to appear; defaults to 10 s. */
  entityWaitMs?: number;
}) {
  const { catalog } = options;
  const { directory, author, commitMessage } = readPublishConfig(
    options.config,
  );
  const entityWaitMs = options.entityWaitMs ?? DEFAULT_ENTITY_WAIT_MS;

  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      "Publishes the workspace as a new git repository in the portal's local git directory (scaffolder.localGit.directory) and registers its catalog-info.yaml in the catalog. For setups without a git host, such as the embedded default.",
    examples: [
      {
        description: 'Publish a new service and register it',
        example: [
          'steps:',
          '  - id: publish-local',
          '    action: publish:local',
          '    input:',
          '      repoName: ${{ parameters.name }}',
          '      description: ${{ parameters.description }}',
          "      catalogInfoPath: '/catalog-info.yaml'",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(REPO_NAME_PATTERN)
            .describe(
              'The name of the new repository (letters, digits, ".", "_" and "-"); no repository of that name may exist yet',
            ),
        description: z =>
          z.string().optional().describe("The repository's description"),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              `The catalog file to register, relative to the repository root; defaults to ${DEFAULT_CATALOG_INFO_PATH}`,
            ),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('The new repository, as a file:// URL'),
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              `The checked-out contents of the ${DEFAULT_BRANCH} branch, as a file:// URL`,
            ),
        commitHash: z => z.string().describe('The first commit'),
        catalogInfoUrl: z =>
          z.string().describe('The registered catalog file, as a file:// URL'),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'The main entity of the catalog file (its Component, if it has one)',
            ),
      },
    },
    async handler(ctx) {
      if (!directory) {
        throw new InputError(NOT_CONFIGURED_MESSAGE);
      }
      const { repoName, description } = ctx.input;
      const repoPath = localRepositoryPath(directory, repoName);
      const catalogInfoRelative = (
        ctx.input.catalogInfoPath ?? DEFAULT_CATALOG_INFO_PATH
      ).replace(/^\/+/, '');
      const catalogInfoFile = resolveSafeChildPath(
        repoPath,
        catalogInfoRelative,
      );
      // Checked before the repository exists, so a template without the
      // file leaves nothing behind.
      if (
        !(await isFile(
          resolveSafeChildPath(ctx.workspacePath, catalogInfoRelative),
        ))
      ) {
        throw new InputError(
          `The workspace has no ${catalogInfoRelative} to register in the catalog`,
        );
      }

      await fs.mkdir(directory, { recursive: true });
      // A checkpoint, so that a task resumed after a restart does not try
      // to create the repository a second time (and fail on the name).
      const commitHash = await ctx.checkpoint({
        key: `publish-local.${repoName}`,
        fn: () =>
          createLocalRepository({
            repoPath,
            sourceDir: ctx.workspacePath,
            description,
            author,
            commitMessage,
          }),
      });
      ctx.logger.info(
        `Created git repository ${repoPath} on branch ${DEFAULT_BRANCH} (commit ${commitHash})`,
      );
      const repoUrl = pathToFileURL(repoPath).href;
      ctx.output('remoteUrl', repoUrl);
      ctx.output('repoContentsUrl', repoUrl);
      ctx.output('commitHash', commitHash);
      ctx.output('catalogInfoUrl', pathToFileURL(catalogInfoFile).href);

      const credentials = await ctx.getInitiatorCredentials();
      const location = { type: 'file', target: catalogInfoFile };
      // A dry run first: the catalog's processors validate the file and
      // name its entities. A file the catalog refuses leaves no repository
      // behind, so that the name stays free for a corrected run.
      const analysis = await catalog
        .addLocation({ ...location, dryRun: true }, { credentials })
        .catch(async error => {
          await fs.rm(repoPath, { recursive: true, force: true });
          throw registrationError(catalogInfoFile, error);
        });
      const entityRef = await registerLocation({
        catalog,
        location,
        analysis,
        credentials,
        logger: ctx.logger,
        waitMs: entityWaitMs,
        signal: ctx.signal,
      }).catch(error => {
        throw registrationError(catalogInfoFile, error);
      });
      if (entityRef) {
        ctx.output('entityRef', entityRef);
      }
    },
  });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The entity a catalog file is about: the one its first document declares,
 * as catalog files are written. (The catalog returns a file's entities in
 * no particular order.) Without one, as the upstream catalog:register
 * picks: the first Component, else the first entity that is not a
 * generated Location.
 */
async function mainEntity(
  file: string,
  entities: Entity[],
): Promise<Entity | undefined> {
  const [first] = parseAllDocuments(await fs.readFile(file, 'utf8'));
  const declared = first?.toJS();
  if (declared?.kind && declared?.metadata?.name) {
    const ref = stringifyEntityRef({
      kind: declared.kind,
      namespace: declared.metadata.namespace ?? 'default',
      name: declared.metadata.name,
    });
    const entity = entities.find(e => stringifyEntityRef(e) === ref);
    if (entity) {
      return entity;
    }
  }
  const candidates = entities.filter(
    e => !(e.kind === 'Location' && e.metadata.name.startsWith('generated-')),
  );
  return candidates.find(e => e.kind === 'Component') ?? candidates[0];
}

/** What the catalog says about a location: whether it exists, and its entities. */
type LocationAnalysis = Awaited<ReturnType<CatalogService['addLocation']>>;

/** The catalog's reason, which its client's errors carry in `cause`. */
function registrationError(target: string, error: Error): Error {
  const reason =
    error instanceof ResponseError ? error.cause.message : error.message;
  return new Error(`Could not register ${target} in the catalog: ${reason}`, {
    cause: error,
  });
}

/**
 * Registers the file `location` its dry run `analysis` found valid, and
 * returns the ref of its main entity once the catalog serves it. The wait
 * is bounded: a slow catalog only delays the entity page, so it is logged
 * and not an error.
 */
async function registerLocation(options: {
  catalog: CatalogService;
  location: { type: string; target: string };
  analysis: LocationAnalysis;
  credentials: BackstageCredentials;
  logger: LoggerService;
  waitMs: number;
  signal?: AbortSignal;
}): Promise<string | undefined> {
  const { catalog, location, analysis, credentials, logger } = options;
  const { target } = location;
  if (analysis.exists) {
    logger.info(`Location file:${target} exists in the catalog already`);
  } else {
    await catalog.addLocation(location, { credentials });
    logger.info(`Registered file:${target} in the catalog`);
  }
  // A new location would be read on the catalog's next processing pass
  // anyway; the refresh makes an existing one re-read its (new) file too.
  // The entities it emits are new and processed right after it, so they
  // need no refresh of their own.
  await catalog.refreshEntity(analysis.location.entityRef, { credentials });

  const entity = await mainEntity(target, analysis.entities);
  if (!entity) {
    logger.warn(`${target} declares no entity`);
    return undefined;
  }
  const entityRef = stringifyEntityRef(entity);
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (await catalog.getEntityByRef(entityRef, { credentials })) {
      logger.info(`${entityRef} is in the catalog`);
      break;
    }
    if (Date.now() >= deadline || options.signal?.aborted) {
      logger.warn(
        `${entityRef} is not in the catalog after ${Math.round(
          options.waitMs / 1000,
        )} s; it appears once the catalog has processed ${target}`,
      );
      break;
    }
    await new Promise(resolve => setTimeout(resolve, ENTITY_POLL_INTERVAL_MS));
  }
  return entityRef;
}
