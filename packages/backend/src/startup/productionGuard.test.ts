import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import {
  assertSafeProductionConfig,
  DEVELOPMENT_VALUES,
  findProductionProblems,
  isProduction,
  PRODUCTION_SETTINGS,
  UnsafeProductionConfigError,
} from './productionGuard';

const REPO_ROOT = path.resolve(resolvePackagePath('backend'), '../..');

function readYaml(file: string): any {
  return parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
}

/**
 * `${NAME}` substitution as Backstage's config loader does it: a value that
 * names an unset variable is left out.
 */
function substitute(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') {
    let missing = false;
    const result = value.replace(/\$\{\s*(\w+)\s*\}/g, (_, name) => {
      if (env[name] === undefined) {
        missing = true;
        return '';
      }
      return env[name];
    });
    return missing ? undefined : result;
  }
  if (Array.isArray(value)) {
    return value.map(item => substitute(item, env));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, item]) => {
        const substituted = substitute(item, env);
        return substituted === undefined ? [] : [[key, substituted]];
      }),
    );
  }
  return value;
}

/** A complete set of good values for everything the guard requires. */
const GOOD_ENV: Record<string, string> = {
  ENVIRONMENTS_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
  PORTAL_CI_TOKEN: 'c'.repeat(32),
  PORTAL_ARGOCD_WEBHOOK_TOKEN: 'w'.repeat(40),
  AUTH_SESSION_SECRET: 's'.repeat(44),
  AUTH_OIDC_METADATA_URL:
    'https://sso.example.com/.well-known/openid-configuration',
  AUTH_OIDC_CLIENT_ID: 'developer-portal',
  AUTH_OIDC_CLIENT_SECRET: 'oidc-secret',
  AUTH_GITHUB_CLIENT_ID: 'github-client',
  AUTH_GITHUB_CLIENT_SECRET: 'github-secret',
};

/** app-config.production.yaml as the backend reads it with `env`. */
function productionConfig(env: Record<string, string> = GOOD_ENV) {
  return substitute(readYaml('app-config.production.yaml'), env) as any;
}

function problems(data: object): string[] {
  return findProductionProblems(new ConfigReader(data));
}

function without(name: string): Record<string, string> {
  const { [name]: _removed, ...rest } = GOOD_ENV;
  return rest;
}

describe('the production start-up guard', () => {
  it('passes app-config.production.yaml with every variable set', () => {
    expect(problems(productionConfig())).toEqual([]);
  });

  it('says production through app-config.production.yaml and through NODE_ENV', () => {
    const production = new ConfigReader(productionConfig());
    expect(isProduction(production, { NODE_ENV: 'development' })).toBe(true);
    expect(
      isProduction(new ConfigReader(readYaml('app-config.yaml')), {}),
    ).toBe(false);
    expect(isProduction(new ConfigReader({}), { NODE_ENV: 'production' })).toBe(
      true,
    );
  });

  it('leaves development alone', () => {
    expect(() =>
      assertSafeProductionConfig(
        new ConfigReader(readYaml('app-config.yaml')),
        {
          NODE_ENV: 'development',
        },
      ),
    ).not.toThrow();
  });

  it.each(PRODUCTION_SETTINGS.map(setting => setting.variable))(
    'refuses production without %s, naming it and nothing else',
    variable => {
      const found = problems(productionConfig(without(variable)));
      expect(found).toEqual([
        expect.stringContaining(`${variable} is not set`),
      ]);
    },
  );

  it.each(PRODUCTION_SETTINGS.map(setting => setting.variable))(
    'refuses production with an empty %s',
    variable => {
      const found = problems(productionConfig({ ...GOOD_ENV, [variable]: '' }));
      expect(found).toEqual([expect.stringContaining(`${variable} is empty`)]);
    },
  );

  it('lists every missing variable at once, and throws with all of them', () => {
    let thrown: unknown;
    try {
      assertSafeProductionConfig(new ConfigReader(productionConfig({})), {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnsafeProductionConfigError);
    const { message } = thrown as UnsafeProductionConfigError;
    for (const { variable } of PRODUCTION_SETTINGS) {
      expect(message).toContain(`${variable} is not set`);
    }
  });

  it('refuses the development values committed in app-config.yaml', () => {
    const development = readYaml('app-config.yaml');
    // The guard's copy of them is the committed one.
    expect(development.environments.secretsKey).toBe(
      DEVELOPMENT_VALUES.environmentsSecretsKey,
    );
    expect(development.backend.auth.externalAccess[0].options.token).toBe(
      DEVELOPMENT_VALUES.ciToken,
    );

    expect(
      problems(
        productionConfig({
          ...GOOD_ENV,
          ENVIRONMENTS_SECRETS_KEY: DEVELOPMENT_VALUES.environmentsSecretsKey,
          PORTAL_CI_TOKEN: DEVELOPMENT_VALUES.ciToken,
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^ENVIRONMENTS_SECRETS_KEY is the development value/,
      ),
      expect.stringMatching(/^PORTAL_CI_TOKEN is the development value/),
    ]);
  });

  it('refuses short or whitespace tokens and a key that is not 32 bytes', () => {
    expect(
      problems(
        productionConfig({
          ...GOOD_ENV,
          PORTAL_CI_TOKEN: 'x'.repeat(31),
          PORTAL_ARGOCD_WEBHOOK_TOKEN: `${'y'.repeat(32)} z`,
          AUTH_SESSION_SECRET: 'short',
          ENVIRONMENTS_SECRETS_KEY: Buffer.alloc(16).toString('base64'),
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^ENVIRONMENTS_SECRETS_KEY must be 32 random bytes/,
      ),
      expect.stringMatching(/^PORTAL_CI_TOKEN is shorter than 32 characters/),
      expect.stringMatching(/^PORTAL_ARGOCD_WEBHOOK_TOKEN contains whitespace/),
      expect.stringMatching(
        /^AUTH_SESSION_SECRET is shorter than 32 characters/,
      ),
    ]);
    expect(
      problems(
        productionConfig({
          ...GOOD_ENV,
          ENVIRONMENTS_SECRETS_KEY: 'not base64!',
        }),
      ),
    ).toEqual([expect.stringMatching(/^ENVIRONMENTS_SECRETS_KEY must be 32/)]);
  });

  it('refuses the same token for CI and the ArgoCD webhook', () => {
    expect(
      problems(
        productionConfig({
          ...GOOD_ENV,
          PORTAL_ARGOCD_WEBHOOK_TOKEN: GOOD_ENV.PORTAL_CI_TOKEN,
        }),
      ),
    ).toEqual(['PORTAL_ARGOCD_WEBHOOK_TOKEN must differ from PORTAL_CI_TOKEN']);
  });

  it('refuses a guest provider, as app-config.yaml underneath would add it', () => {
    const layered = ConfigReader.fromConfigs([
      { data: readYaml('app-config.yaml'), context: 'app-config.yaml' },
      { data: productionConfig(), context: 'app-config.production.yaml' },
    ]);
    const withGuest = {
      ...productionConfig(),
      auth: {
        ...productionConfig().auth,
        providers: {
          ...productionConfig().auth.providers,
          guest: { userEntityRef: 'user:default/guest' },
        },
      },
    };
    expect(problems(withGuest)).toEqual([
      expect.stringMatching(/^auth\.providers\.guest is configured/),
    ]);
    // The same through Backstage's layering of both files.
    expect(findProductionProblems(layered)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^auth\.providers\.guest is configured/),
      ]),
    );
  });

  it('lets a sign-in provider be left out entirely, then needs none of its variables', () => {
    const config = productionConfig(without('AUTH_GITHUB_CLIENT_SECRET'));
    delete config.auth.providers.github;
    // Still offered on the sign-in page: refused until that goes too.
    expect(problems(config)).toEqual([
      'app.signInPage.providers offers github, which auth.providers does not configure',
    ]);
    config.app.signInPage.providers = ['oidc'];
    expect(problems(config)).toEqual([]);

    delete config.auth.providers.oidc;
    config.app.signInPage.providers = [];
    expect(problems(config)).toEqual([
      'no sign-in provider is configured: auth.providers needs one of oidc, github',
    ]);
  });
});
