import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ENVIRONMENT_RESOURCE_TYPE,
  ENVIRONMENTS_PROVIDER_LOCATION_TYPE,
  Environment,
  EnvironmentLockSummary,
} from '@internal/plugin-environments-common';
import { EnvironmentPermissionResource } from '@internal/plugin-environments-node';
import {
  byTierThenName,
  CATALOG_ENVIRONMENT_FIELDS,
  CatalogEnvironment,
  toCatalogEnvironment,
} from '../catalog/catalogEnvironments';
import { EnvironmentStore, PreviewRecord } from '../database/EnvironmentStore';

/** Within this long of its expiry, a preview is `expiring`. */
export const EXPIRY_WARNING_MS = 60 * 60 * 1000;

/** An environment as the API resolves a name: from the catalog, or a preview. */
export type ResolvedEnvironment =
  | { origin: 'catalog'; name: string; catalog: CatalogEnvironment }
  | { origin: 'preview'; name: string; preview: PreviewRecord };

/**
 * Every environment the portal knows: the catalog's Resources of type
 * environment and the previews of this plugin's table.
 *
 * A name means one environment, since config, locks and permissions are
 * keyed by it, and nobody may take over a name someone else holds:
 *
 * - Only Resources in the `default` namespace are environments. Entity refs
 *   are unique there, so no Resource registered elsewhere can shadow a
 *   platform environment (or another team's) by reusing its name.
 * - A name belongs to whoever claimed it first. A preview cannot be created
 *   with the name of a catalog environment, so a catalog Resource named like
 *   a live preview was registered after it: the preview wins until it is
 *   gone.
 *
 * Resources left out are logged once each. The catalog is asked with the
 * plugin's own credentials: environments are not secret, and callers with
 * plugin tokens may not read the catalog themselves.
 */
export class EnvironmentDirectory {
  private readonly warned = new Set<string>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      store: EnvironmentStore;
      logger: LoggerService;
    },
  ) {}

  /** The catalog's environments, previews' names not yet taken into account. */
  async catalogEnvironments(): Promise<CatalogEnvironment[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'resource', 'spec.type': ENVIRONMENT_RESOURCE_TYPE },
        fields: CATALOG_ENVIRONMENT_FIELDS,
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items
      .filter(isNotPreviewMirror)
      .filter(entity => {
        const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
        if (namespace.toLocaleLowerCase('en-US') === DEFAULT_NAMESPACE) {
          return true;
        }
        this.warnOnce(
          stringifyEntityRef(entity),
          'it is not in the default namespace',
        );
        return false;
      })
      .map(toCatalogEnvironment);
  }

  /** All environments, by tier then name. */
  async list(): Promise<ResolvedEnvironment[]> {
    const [catalog, previews] = await Promise.all([
      this.catalogEnvironments(),
      this.deps.store.listPreviews(),
    ]);
    const previewNames = new Set(previews.map(preview => preview.name));
    return [
      ...catalog
        .filter(env => {
          if (previewNames.has(env.name)) {
            this.warnShadowedByPreview(env);
            return false;
          }
          return true;
        })
        .map(
          (env): ResolvedEnvironment => ({
            origin: 'catalog',
            name: env.name,
            catalog: env,
          }),
        ),
      ...previews.map(
        (preview): ResolvedEnvironment => ({
          origin: 'preview',
          name: preview.name,
          preview,
        }),
      ),
    ].sort((a, b) => byTierThenName(tierAndName(a), tierAndName(b)));
  }

  /** The environment of that name, or undefined. */
  async find(name: string): Promise<ResolvedEnvironment | undefined> {
    const [found] = await this.findMany([name]);
    return found;
  }

  /** The environments of those names, in order; undefined for unknown ones. */
  async findMany(
    names: readonly string[],
  ): Promise<Array<ResolvedEnvironment | undefined>> {
    const normalized = names.map(name => name.toLocaleLowerCase('en-US'));
    const [catalog, previews] = await Promise.all([
      this.catalogEnvironments(),
      Promise.all(normalized.map(name => this.deps.store.getPreview(name))),
    ]);
    const catalogByName = new Map(catalog.map(env => [env.name, env]));
    return normalized.map((name, index): ResolvedEnvironment | undefined => {
      const preview = previews[index];
      const env = catalogByName.get(name);
      if (preview) {
        if (env) {
          this.warnShadowedByPreview(env);
        }
        return { origin: 'preview', name: preview.name, preview };
      }
      return env && { origin: 'catalog', name: env.name, catalog: env };
    });
  }

  /**
   * The environments of those names as the permission framework decides on
   * them (the `environment` resource type's getResources).
   */
  async permissionResources(
    names: readonly string[],
  ): Promise<Array<EnvironmentPermissionResource | undefined>> {
    return (await this.findMany(names)).map(env => env && toResource(env));
  }

  /** The environment of that name; a NotFoundError naming `field` otherwise. */
  async get(name: string, field: string): Promise<ResolvedEnvironment> {
    const found = await this.find(name);
    if (!found) {
      throw new NotFoundError(`${field}: no environment named ${name}`);
    }
    return found;
  }

  private warnShadowedByPreview(env: CatalogEnvironment) {
    this.warnOnce(
      env.entityRef,
      `the preview environment ${env.name} holds that name until it is gone`,
    );
  }

  private warnOnce(entityRef: string, why: string) {
    const key = `${entityRef}: ${why}`;
    if (this.warned.has(key)) {
      return;
    }
    this.warned.add(key);
    this.deps.logger.warn(
      `${entityRef} is not an environment of the environment manager: ${why}`,
    );
  }
}

function toResource(env: ResolvedEnvironment): EnvironmentPermissionResource {
  return env.origin === 'catalog'
    ? {
        name: env.name,
        owner: env.catalog.owner.toLocaleLowerCase('en-US'),
        tier: env.catalog.tier,
      }
    : {
        name: env.name,
        owner: env.preview.owner.toLocaleLowerCase('en-US'),
        tier: 'preview',
      };
}

function tierAndName(env: ResolvedEnvironment) {
  return env.origin === 'catalog'
    ? env.catalog
    : { tier: 'preview' as const, name: env.name };
}

/** An environment as the API returns it, with its lock state at `now`. */
export function toEnvironment(
  env: ResolvedEnvironment,
  lock: EnvironmentLockSummary | undefined,
  now: Date,
): Environment {
  const lockState = { locked: lock !== undefined, ...(lock && { lock }) };
  if (env.origin === 'catalog') {
    const { catalog } = env;
    return {
      name: catalog.name,
      ...(catalog.title && { title: catalog.title }),
      tier: catalog.tier,
      owner: catalog.owner,
      status: 'active',
      ...lockState,
      ...(catalog.kubernetes && { kubernetes: catalog.kubernetes }),
      ...(catalog.argocd && { argocd: catalog.argocd }),
      entityRef: catalog.entityRef,
      origin: 'catalog',
    };
  }
  const { preview } = env;
  return {
    name: preview.name,
    ...(preview.title && { title: preview.title }),
    tier: 'preview',
    owner: preview.owner,
    status: previewStatus(preview, now),
    expiresAt: preview.expiresAt,
    ...lockState,
    origin: 'preview',
    ...(preview.service && { service: preview.service }),
    createdBy: preview.createdBy,
    createdAt: preview.createdAt,
  };
}

function previewStatus(
  preview: PreviewRecord,
  now: Date,
): Environment['status'] {
  if (preview.status === 'tearing_down') {
    return 'tearing_down';
  }
  return new Date(preview.expiresAt).getTime() - now.getTime() <=
    EXPIRY_WARNING_MS
    ? 'expiring'
    : 'active';
}

/** Previews mirrored into the catalog by the catalog module are not catalog environments. */
function isNotPreviewMirror(entity: Entity): boolean {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
  return !location.startsWith(`${ENVIRONMENTS_PROVIDER_LOCATION_TYPE}:`);
}
