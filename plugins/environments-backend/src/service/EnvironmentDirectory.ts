import { AuthService } from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ENVIRONMENT_RESOURCE_TYPE,
  ENVIRONMENTS_PROVIDER_LOCATION_TYPE,
  Environment,
  EnvironmentLockSummary,
} from '@internal/plugin-environments-common';
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
 * environment and the previews of this plugin's table. A catalog
 * environment shadows a preview of the same name.
 *
 * The catalog is asked with the plugin's own credentials: environments are
 * not secret, and callers with plugin tokens (the scaffolder) may not read
 * the catalog themselves.
 */
export class EnvironmentDirectory {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      store: EnvironmentStore;
    },
  ) {}

  async catalogEnvironments(): Promise<CatalogEnvironment[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'resource', 'spec.type': ENVIRONMENT_RESOURCE_TYPE },
        fields: CATALOG_ENVIRONMENT_FIELDS,
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items.filter(isNotPreviewMirror).map(toCatalogEnvironment);
  }

  /** All environments, by tier then name. */
  async list(): Promise<ResolvedEnvironment[]> {
    const [catalog, previews] = await Promise.all([
      this.catalogEnvironments(),
      this.deps.store.listPreviews(),
    ]);
    const names = new Set(catalog.map(env => env.name));
    return [
      ...catalog.map(
        (env): ResolvedEnvironment => ({
          origin: 'catalog',
          name: env.name,
          catalog: env,
        }),
      ),
      ...previews
        .filter(preview => !names.has(preview.name))
        .map(
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
    const normalized = name.toLocaleLowerCase('en-US');
    const catalog = (await this.catalogEnvironments()).find(
      env => env.name === normalized,
    );
    if (catalog) {
      return { origin: 'catalog', name: catalog.name, catalog };
    }
    const preview = await this.deps.store.getPreview(normalized);
    return preview && { origin: 'preview', name: preview.name, preview };
  }

  /** The environment of that name; a NotFoundError naming `field` otherwise. */
  async get(name: string, field: string): Promise<ResolvedEnvironment> {
    const found = await this.find(name);
    if (!found) {
      throw new NotFoundError(`${field}: no environment named ${name}`);
    }
    return found;
  }
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
