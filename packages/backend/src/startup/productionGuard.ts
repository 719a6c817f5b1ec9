import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/**
 * The start-up guard of production: a production backend with a missing,
 * empty, weak or development secret, or with the guest sign-in, exits before
 * any plugin starts (so before any migration or scheduled task), with a
 * message naming the environment variable to fix.
 *
 * Production is `portal.production: true` (app-config.production.yaml sets
 * it) or NODE_ENV=production (the image sets it); either one is enough and
 * neither can switch the guard off.
 */

/** The fixed development values committed in app-config.yaml. */
export const DEVELOPMENT_VALUES = {
  ciToken: 'local-dev-ci-token-not-for-production',
  environmentsSecretsKey: 'fpi+tkE4AICESUg7csTppaNSs7r4f1TuBIAp1xK2ino=',
} as const;

/** Tokens and secrets the operators generate: `openssl rand -base64 24` gives 32. */
export const MIN_SECRET_LENGTH = 32;

/** How a value is checked. */
type Rule =
  /** A token or secret the operators generate: long, no whitespace. */
  | 'generated-secret'
  /** 32 random bytes, base64: the AES-256-GCM key of the environments plugin. */
  | 'aes-256-key'
  /** Issued by someone else (an identity provider): only has to be there. */
  | 'provided';

interface ProductionSetting {
  /** The environment variable app-config.production.yaml reads it from. */
  variable: string;
  /** Where it lands in the config, for the message. */
  setting: string;
  read(config: Config): unknown;
  rule: Rule;
  /** Values known from the repository, refused even though they are set. */
  developmentValues?: readonly string[];
  /** Only required where this holds, e.g. when its sign-in provider is configured. */
  requiredIf?(config: Config): boolean;
}

/** The static token of an `backend.auth.externalAccess` entry, by subject. */
function staticToken(config: Config, subject: string): unknown {
  const entry = config
    .getOptionalConfigArray('backend.auth.externalAccess')
    ?.find(
      access =>
        access.getOptional('type') === 'static' &&
        access.getOptional('options.subject') === subject,
    );
  return entry?.getOptional('options.token');
}

function authEnvironment(config: Config): string {
  return config.getOptionalString('auth.environment') ?? 'development';
}

/** A sign-in provider is configured when it has a block under auth.providers. */
function hasProvider(config: Config, provider: string): boolean {
  return config.has(`auth.providers.${provider}`);
}

function providerSetting(
  provider: string,
  key: string,
  variable: string,
): ProductionSetting {
  return {
    variable,
    setting: `auth.providers.${provider}.<auth.environment>.${key}`,
    read: config =>
      config.getOptional(
        `auth.providers.${provider}.${authEnvironment(config)}.${key}`,
      ),
    rule: 'provided',
    requiredIf: config => hasProvider(config, provider),
  };
}

/**
 * Everything production must get from its environment. A sign-in provider
 * may be left out entirely (delete its block from auth.providers and its id
 * from app.signInPage.providers); then its variables are not required.
 */
export const PRODUCTION_SETTINGS: readonly ProductionSetting[] = [
  {
    variable: 'ENVIRONMENTS_SECRETS_KEY',
    setting: 'environments.secretsKey',
    read: config => config.getOptional('environments.secretsKey'),
    rule: 'aes-256-key',
    developmentValues: [DEVELOPMENT_VALUES.environmentsSecretsKey],
  },
  {
    variable: 'PORTAL_CI_TOKEN',
    setting: 'backend.auth.externalAccess static token of ci-pipelines',
    read: config => staticToken(config, 'ci-pipelines'),
    rule: 'generated-secret',
    developmentValues: [DEVELOPMENT_VALUES.ciToken],
  },
  {
    variable: 'PORTAL_ARGOCD_WEBHOOK_TOKEN',
    setting: 'backend.auth.externalAccess static token of argocd-notifications',
    read: config => staticToken(config, 'argocd-notifications'),
    rule: 'generated-secret',
    developmentValues: [DEVELOPMENT_VALUES.ciToken],
  },
  {
    variable: 'AUTH_SESSION_SECRET',
    setting: 'auth.session.secret',
    read: config => config.getOptional('auth.session.secret'),
    rule: 'generated-secret',
  },
  providerSetting('oidc', 'metadataUrl', 'AUTH_OIDC_METADATA_URL'),
  providerSetting('oidc', 'clientId', 'AUTH_OIDC_CLIENT_ID'),
  providerSetting('oidc', 'clientSecret', 'AUTH_OIDC_CLIENT_SECRET'),
  providerSetting('github', 'clientId', 'AUTH_GITHUB_CLIENT_ID'),
  providerSetting('github', 'clientSecret', 'AUTH_GITHUB_CLIENT_SECRET'),
];

/** The sign-in providers production may offer (installed in features.ts). */
export const PRODUCTION_SIGN_IN_PROVIDERS = ['oidc', 'github'] as const;

function isAes256Key(value: string): boolean {
  return (
    /^[A-Za-z0-9+/]+={0,2}$/.test(value) &&
    Buffer.from(value, 'base64').length === 32
  );
}

/** What is wrong with one value, or undefined. */
function problemWith(
  { variable, setting, rule, developmentValues = [] }: ProductionSetting,
  value: unknown,
): string | undefined {
  if (value === undefined || value === null) {
    return `${variable} is not set (${setting})`;
  }
  if (typeof value !== 'string') {
    return `${variable} must be a string (${setting})`;
  }
  if (value.trim() === '') {
    return `${variable} is empty (${setting})`;
  }
  if (developmentValues.includes(value)) {
    return `${variable} is the development value committed in app-config.yaml (${setting}); generate a new one`;
  }
  if (rule === 'aes-256-key' && !isAes256Key(value)) {
    return `${variable} must be 32 random bytes, base64-encoded: openssl rand -base64 32 (${setting})`;
  }
  if (rule === 'generated-secret') {
    if (/\s/.test(value)) {
      return `${variable} contains whitespace (${setting})`;
    }
    if (value.length < MIN_SECRET_LENGTH) {
      return `${variable} is shorter than ${MIN_SECRET_LENGTH} characters: openssl rand -base64 24 (${setting})`;
    }
  }
  return undefined;
}

/** Whether this backend runs as production. */
export function isProduction(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return (
    config.getOptionalBoolean('portal.production') === true ||
    env.NODE_ENV === 'production'
  );
}

/** Everything that makes this config unsafe to run as production. */
export function findProductionProblems(config: Config): string[] {
  const problems = PRODUCTION_SETTINGS.filter(
    setting => setting.requiredIf?.(config) ?? true,
  ).flatMap(setting => problemWith(setting, setting.read(config)) ?? []);

  const ciToken = staticToken(config, 'ci-pipelines');
  if (
    typeof ciToken === 'string' &&
    ciToken !== '' &&
    ciToken === staticToken(config, 'argocd-notifications')
  ) {
    // Both would authenticate as whichever entry comes first.
    problems.push(
      'PORTAL_ARGOCD_WEBHOOK_TOKEN must differ from PORTAL_CI_TOKEN',
    );
  }

  if (hasProvider(config, 'guest')) {
    problems.push(
      'auth.providers.guest is configured: production offers no guest sign-in ' +
        '(production loads app-config.production.yaml alone, never app-config.yaml)',
    );
  }
  const configured = PRODUCTION_SIGN_IN_PROVIDERS.filter(provider =>
    hasProvider(config, provider),
  );
  if (configured.length === 0) {
    problems.push(
      `no sign-in provider is configured: auth.providers needs one of ${PRODUCTION_SIGN_IN_PROVIDERS.join(
        ', ',
      )}`,
    );
  }
  for (const provider of config.getOptionalStringArray(
    'app.signInPage.providers',
  ) ?? []) {
    if (!hasProvider(config, provider)) {
      problems.push(
        `app.signInPage.providers offers ${provider}, which auth.providers does not configure`,
      );
    }
  }
  return problems;
}

/** Thrown at start-up; index.ts prints its message and exits non-zero. */
export class UnsafeProductionConfigError extends Error {
  readonly name = 'UnsafeProductionConfigError';

  constructor(readonly problems: string[]) {
    super(
      `Refusing to start in production (portal.production or NODE_ENV=production):\n${problems
        .map(problem => `  - ${problem}`)
        .join('\n')}`,
    );
  }
}

/** Throws when the config says production and is not safe to run as such. */
export function assertSafeProductionConfig(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (!isProduction(config, env)) {
    return;
  }
  const problems = findProductionProblems(config);
  if (problems.length > 0) {
    throw new UnsafeProductionConfigError(problems);
  }
}

const productionGuardServiceRef = createServiceRef<void>({
  id: 'portal.productionGuard',
  scope: 'root',
});

/**
 * Runs the guard among the root services, which the backend initializes
 * before any plugin (so before any database connection or migration). The
 * root HTTP server comes earlier among them and has bound its port by then;
 * readiness answers 503 until the backend has started, so it never passes.
 */
export const productionGuardServiceFactory = createServiceFactory({
  service: productionGuardServiceRef,
  initialization: 'always',
  deps: { config: coreServices.rootConfig },
  factory({ config }) {
    assertSafeProductionConfig(config);
  },
});
