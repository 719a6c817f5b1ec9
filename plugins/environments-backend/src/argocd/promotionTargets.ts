import { Config } from '@backstage/config';
import { readArgoCdInstances } from '@internal/argocd-client';

/** The key of the platform-owned mapping in app-config. */
export const TARGETS_CONFIG_KEY = 'environments.argocd.targets';

const DEFAULT_APPLICATION = '{{app}}';
const DEFAULT_PREVIEW_APPLICATION = 'preview-{{name}}';
const DEFAULT_PREVIEW_NAMESPACE = 'preview-{{name}}';

const PLACEHOLDER = /\{\{\s*([^}\s]*)\s*\}\}/g;
const TARGET_PLACEHOLDERS = ['app', 'name'];

/**
 * Where promotions to one catalog environment sync: which ArgoCD instance,
 * which application of a service, and which projects and namespaces that
 * application must deploy to. Platform-owned (app-config), unlike anything
 * a user can register in the catalog.
 */
export interface ArgoCdPromotionTarget {
  /** The environment's name, the key under environments.argocd.targets. */
  environment: string;
  /** An instance of argocd.appLocatorMethods. */
  instance: string;
  /** The application's spec.project must be one of these. */
  projects: string[];
  /** When given, its spec.destination.namespace must be one of these. */
  destinationNamespaces?: string[];
  /**
   * The application's name for a service: `{{app}}` is the service's
   * argocd/app-name, `{{name}}` its entity name.
   */
  application: string;
  /** The environment whose trusted deployments vouch for a version. */
  promotesFrom?: string;
}

/** How previews are promoted to: only to the application their provider made. */
export interface PreviewPromotionTarget {
  /** environments.previews.provider; only `argocd` previews take promotions. */
  provider: string;
  /** Present when the provider is `argocd`. */
  argocd?: {
    instance: string;
    /** `{{name}}` is the preview's name, as for the provider. */
    applicationName: string;
    /** Absent: promotions to previews are refused until it is configured. */
    project?: string;
    /** `{{name}}` is the preview's name. */
    namespace: string;
  };
}

export interface ArgoCdPromotionTargets {
  /** By environment name. */
  targets: ReadonlyMap<string, ArgoCdPromotionTarget>;
  previews: PreviewPromotionTarget;
}

/**
 * Reads `environments.argocd.targets` and the ArgoCD settings of previews,
 * failing with a message naming the key on anything invalid, so that a bad
 * mapping stops the start rather than a promotion later.
 */
export function readArgoCdPromotionTargets(
  config: Config,
): ArgoCdPromotionTargets {
  const instances = readArgoCdInstances(config).map(i => i.name);
  const targets = new Map<string, ArgoCdPromotionTarget>();
  const section = config.getOptionalConfig(TARGETS_CONFIG_KEY);
  for (const environment of section?.keys() ?? []) {
    const key = `${TARGETS_CONFIG_KEY}.${environment}`;
    if (environment !== environment.toLocaleLowerCase('en-US')) {
      throw new Error(
        `${key}: environment names are lowercase; use ${environment.toLocaleLowerCase(
          'en-US',
        )}`,
      );
    }
    targets.set(
      environment,
      readTarget(section!.getConfig(environment), {
        environment,
        key,
        instances,
      }),
    );
  }
  return { targets, previews: readPreviewTarget(config, instances) };
}

function readTarget(
  config: Config,
  context: { environment: string; key: string; instances: string[] },
): ArgoCdPromotionTarget {
  const { environment, key, instances } = context;
  const instance = config.getString('instance');
  if (!instances.includes(instance)) {
    throw new Error(
      `${key}.instance: no ArgoCD instance "${instance}" in argocd.appLocatorMethods`,
    );
  }
  const projects = nonEmptyList(config, 'projects', key, 'ArgoCD project');
  const destinationNamespaces = config.has('destinationNamespaces')
    ? nonEmptyList(config, 'destinationNamespaces', key, 'namespace')
    : undefined;
  const application =
    config.getOptionalString('application') ?? DEFAULT_APPLICATION;
  assertPlaceholders(application, TARGET_PLACEHOLDERS, `${key}.application`);
  // A fixed name would let every service's owners sync that one application.
  if (placeholdersOf(application).length === 0) {
    throw new Error(
      `${key}.application: must contain {{app}} or {{name}}, so that each service has an application of its own`,
    );
  }
  const promotesFrom = config.getOptionalString('promotesFrom');
  if (promotesFrom !== undefined) {
    if (promotesFrom !== promotesFrom.toLocaleLowerCase('en-US')) {
      throw new Error(`${key}.promotesFrom: environment names are lowercase`);
    }
    if (promotesFrom === environment) {
      throw new Error(
        `${key}.promotesFrom: an environment cannot promote from itself`,
      );
    }
  }
  return {
    environment,
    instance,
    projects,
    ...(destinationNamespaces && { destinationNamespaces }),
    application,
    ...(promotesFrom !== undefined && { promotesFrom }),
  };
}

function readPreviewTarget(
  config: Config,
  instances: string[],
): PreviewPromotionTarget {
  const previews = config.getOptionalConfig('environments.previews');
  const provider = previews?.getOptionalString('provider') ?? 'none';
  if (provider !== 'argocd') {
    return { provider };
  }
  const key = 'environments.previews.argocd';
  const instance =
    previews?.getOptionalString('argocd.instance') ?? instances[0];
  if (instance === undefined) {
    throw new Error(
      'environments.previews.provider is argocd, but argocd.appLocatorMethods configures no instance',
    );
  }
  if (!instances.includes(instance)) {
    throw new Error(
      `${key}.instance: no ArgoCD instance "${instance}" in argocd.appLocatorMethods`,
    );
  }
  const applicationName =
    previews?.getOptionalString('argocd.applicationName') ??
    DEFAULT_PREVIEW_APPLICATION;
  assertPlaceholders(applicationName, ['name'], `${key}.applicationName`);
  const namespace =
    previews?.getOptionalString('argocd.namespace') ??
    DEFAULT_PREVIEW_NAMESPACE;
  assertPlaceholders(namespace, ['name'], `${key}.namespace`);
  const project = previews?.getOptionalString('argocd.project');
  return {
    provider,
    argocd: {
      instance,
      applicationName,
      ...(project !== undefined && { project }),
      namespace,
    },
  };
}

function nonEmptyList(
  config: Config,
  field: string,
  key: string,
  what: string,
): string[] {
  const values = config.getStringArray(field);
  if (values.length === 0 || values.some(value => !value.trim())) {
    throw new Error(
      `${key}.${field}: must name at least one ${what}, and no empty one`,
    );
  }
  return values;
}

function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map(match => match[1]);
}

function assertPlaceholders(template: string, allowed: string[], key: string) {
  const unknown = placeholdersOf(template).find(p => !allowed.includes(p));
  if (unknown !== undefined) {
    throw new Error(
      `${key}: unknown placeholder {{${unknown}}}; only ${allowed
        .map(p => `{{${p}}}`)
        .join(' and ')} may be used`,
    );
  }
}

/** Replaces each `{{placeholder}}` of a template checked at startup. */
export function renderTemplate(
  template: string,
  values: Record<string, string>,
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => values[name]);
}

/** Whether the template uses `{{placeholder}}`. */
export function templateUses(template: string, placeholder: string): boolean {
  return placeholdersOf(template).includes(placeholder);
}
