import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parse } from 'yaml';

/**
 * Production loads app-config.production.yaml alone, so a setting added to
 * the embedded default for a plugin is missing in production unless it is
 * added there too (app.packages, read by the frontend at runtime, was one).
 * This compares both files two levels deep (e.g. `techdocs.generator`,
 * `deployments.demoData`): production must set every such key the embedded
 * default sets. A key production must not have is set to null there, which
 * says so (as `scaffolder.localGit: null` does).
 */

const REPO_ROOT = path.resolve(resolvePackagePath('backend'), '../..');

function readYaml(file: string): Record<string, any> {
  return parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
}

/** `a` and `a.b` for every key `a` with an object value `{ b }`. */
function keysTwoLevelsDeep(config: Record<string, any>): string[] {
  return Object.entries(config).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? [key, ...Object.keys(value).map(child => `${key}.${child}`)]
      : [key],
  );
}

describe('app-config.production.yaml', () => {
  it('sets every key the embedded default sets, two levels deep', () => {
    const production = new Set(
      keysTwoLevelsDeep(readYaml('app-config.production.yaml')),
    );
    expect(
      keysTwoLevelsDeep(readYaml('app-config.yaml')).filter(
        key => !production.has(key),
      ),
    ).toEqual([]);
  });
});
