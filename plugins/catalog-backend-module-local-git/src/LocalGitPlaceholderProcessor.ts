import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessor, LocationSpec } from '@backstage/plugin-catalog-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** How each placeholder turns a file's text into a value, as upstream does. */
const PARSERS: Record<string, (text: string, file: string) => unknown> = {
  text: text => text,
  json: (text, file) => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`Placeholder $json failed to parse ${file}: ${error}`);
    }
  },
  yaml: (text, file) => {
    const documents = parseAllDocuments(text).filter(document => document);
    if (documents.length !== 1) {
      throw new Error(
        `Placeholder $yaml expected one document in ${file}, found ${documents.length}`,
      );
    }
    const [document] = documents;
    if (document.errors.length) {
      throw new Error(
        `Placeholder $yaml failed to parse ${file}: ${document.errors[0]}`,
      );
    }
    return document.toJSON();
  },
};

function isAbsoluteUrl(value: string): boolean {
  try {
    return Boolean(new URL(value));
  } catch {
    return false;
  }
}

/**
 * Resolves the `$text`, `$json` and `$yaml` placeholders with a relative
 * path (e.g. `definition: { $text: ./openapi.yaml }`) in the catalog files
 * of the local git publisher's repositories, registered as `file`
 * locations. The catalog's own PlaceholderProcessor resolves relative paths
 * against URLs only and fails on a file path, so templates that use them
 * would work when published to GitHub and not locally.
 *
 * It runs before that processor (lower priority number), and only for
 * entities read from a file inside the configured directory; a placeholder
 * may only read files of the same repository (the entity's first-level
 * sub-directory). Everything else, absolute URLs included, is left to the
 * catalog's own processor.
 */
export class LocalGitPlaceholderProcessor implements CatalogProcessor {
  constructor(private readonly directory: string) {}

  getProcessorName(): string {
    return 'LocalGitPlaceholderProcessor';
  }

  getPriority(): number {
    // The catalog's processors default to 20, PlaceholderProcessor too.
    return 10;
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
  ): Promise<Entity> {
    const repository = this.repositoryOf(location);
    if (!repository) {
      return entity;
    }
    const resolve = async (value: unknown): Promise<unknown> => {
      if (Array.isArray(value)) {
        return Promise.all(value.map(resolve));
      }
      if (!value || typeof value !== 'object') {
        return value;
      }
      const entries = Object.entries(value);
      const [key, target] = entries[0] ?? [];
      const parser = PARSERS[key?.slice(1)];
      if (
        entries.length === 1 &&
        key.startsWith('$') &&
        parser &&
        typeof target === 'string' &&
        !isAbsoluteUrl(target)
      ) {
        const file = this.placeholderFile(repository, location.target, target);
        return parser(await this.read(key, file), file);
      }
      return Object.fromEntries(
        await Promise.all(
          entries.map(async ([k, v]) => [k, await resolve(v)] as const),
        ),
      );
    };
    return (await resolve(entity)) as Entity;
  }

  /** The repository directory a file location lies in, if it is one of ours. */
  private repositoryOf(location: LocationSpec): string | undefined {
    if (location.type !== 'file' || !path.isAbsolute(location.target)) {
      return undefined;
    }
    if (!isChildPath(this.directory, location.target)) {
      return undefined;
    }
    const [repoName, ...inRepository] = path
      .relative(this.directory, location.target)
      .split(path.sep);
    return inRepository.length
      ? path.join(this.directory, repoName)
      : undefined;
  }

  /** The file `target` names, relative to the catalog file; never outside the repository. */
  private placeholderFile(
    repository: string,
    catalogFile: string,
    target: string,
  ): string {
    const file = path.resolve(path.dirname(catalogFile), target);
    try {
      return resolveSafeChildPath(repository, path.relative(repository, file));
    } catch {
      throw new Error(
        `Placeholder ${target} may only reference files of the same repository, ${repository}`,
      );
    }
  }

  private async read(key: string, file: string): Promise<string> {
    try {
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`Placeholder ${key} could not read ${file}: ${error}`);
    }
  }
}
