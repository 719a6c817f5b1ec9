import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CurrentDeployment,
  CurrentDeployments,
  DeploymentsApi,
} from '@internal/plugin-deployments-common';
import { applicationImage, parseImage } from '@internal/argocd-client';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  EnvironmentMatrix,
  MatrixCell,
} from '@internal/plugin-environments-common';
import {
  ArgoCdApplications,
  LocatedApplication,
} from '../argocd/ArgoCdApplications';
import { applicationDeploysTo } from '../argocd/applicationEnvironment';
import { CatalogEnvironment } from '../catalog/catalogEnvironments';
import { mapWithConcurrency } from '@internal/portal-node';
import { TtlCache } from '@internal/portal-node';
import { EnvironmentDirectory } from './EnvironmentDirectory';
import { normalizeEntityRef } from './validation';

/**
 * Services per batch read of the deployment history (its API takes up to
 * 1,000): smaller batches read in parallel spread a large matrix over the
 * database's cores; 500 services x 6 environments took 30 % less time in
 * four batches than in one (scripts/benchmarks/environments.sh).
 */
export const CURRENT_QUERY_BATCH_SIZE = 125;

/** The annotation that picks an ArgoCD instance when several are configured. */
export const ARGOCD_INSTANCE_ANNOTATION = 'argocd/instance-name';

export interface MatrixServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  deployments: DeploymentsApi;
  directory: EnvironmentDirectory;
  argoCd?: ArgoCdApplications;
  logger: LoggerService;
  /** Batch requests to the deployment history in flight at once. */
  concurrency: number;
  /** How long an entity's current versions are reused. */
  cacheTtlMs: number;
}

/**
 * The version matrix: the current version of every service (a catalog
 * Component) in every environment, from the deployment history, with drift
 * from ArgoCD.
 *
 * The matrix reads current versions in parallel batches (`POST
 * /current/query`, CURRENT_QUERY_BATCH_SIZE services a request) and caches each
 * service's answer briefly; a build asks only for the services missing
 * from the cache, and a promotion drops the promoted service's entry.
 */
export class MatrixService {
  private readonly current: TtlCache<CurrentDeployments>;

  constructor(private readonly options: MatrixServiceOptions) {
    this.current = new TtlCache({ ttlMs: options.cacheTtlMs });
  }

  /** Forgets the cached versions of an entity, e.g. after promoting it. */
  invalidate(entityRef: string): void {
    this.current.delete(entityRef);
  }

  async build(filter: { owner?: string } = {}): Promise<EnvironmentMatrix> {
    const [components, environments] = await Promise.all([
      this.components(filter.owner),
      this.options.directory.list(),
    ]);
    const refs = components.map(normalizeEntityRef);
    const [currents, applications] = await Promise.all([
      this.currentVersions(refs),
      components.some(c => c.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION])
        ? this.options.argoCd?.byName()
        : undefined,
    ]);

    const catalogEnvironments = new Map<string, CatalogEnvironment>();
    for (const env of environments) {
      if (env.origin === 'catalog')
        catalogEnvironments.set(env.name, env.catalog);
    }
    const known = environments.map(env => env.name);
    const unknown = new Set<string>();

    const rows = components.map((component, index) => {
      const application = applications && locate(component, applications);
      const versions: Record<string, MatrixCell> = {};
      for (const current of currents[index].items) {
        if (!known.includes(current.environment))
          unknown.add(current.environment);
        versions[current.environment] = {
          version: current.version,
          deployedAt: current.deployedAt,
          status: current.deployment.status,
          ...driftOf(
            current,
            application,
            catalogEnvironments.get(current.environment),
          ),
        };
      }
      return { entityRef: refs[index], versions };
    });
    rows.sort((a, b) => a.entityRef.localeCompare(b.entityRef, 'en-US'));

    return {
      // Environments only the deployment history knows come last, by name.
      environments: [...known, ...[...unknown].sort()],
      rows,
    };
  }

  private async components(owner: string | undefined): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          ...(owner !== undefined && { 'relations.ownedBy': owner }),
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  private async currentVersions(refs: string[]): Promise<CurrentDeployments[]> {
    const { deployments, concurrency } = this.options;
    // Each service missing from the cache gets a pending entry there, which
    // the batch read that includes it settles.
    const missing = new Map<
      string,
      { resolve(value: CurrentDeployments): void; reject(error: unknown): void }
    >();
    const answers = refs.map(ref =>
      this.current.get(
        ref,
        () =>
          new Promise<CurrentDeployments>((resolve, reject) =>
            missing.set(ref, { resolve, reject }),
          ),
      ),
    );
    const chunks: string[][] = [];
    const missingRefs = [...missing.keys()];
    for (let i = 0; i < missingRefs.length; i += CURRENT_QUERY_BATCH_SIZE) {
      chunks.push(missingRefs.slice(i, i + CURRENT_QUERY_BATCH_SIZE));
    }
    await mapWithConcurrency(chunks, concurrency, async chunk => {
      try {
        const items = await deployments.queryCurrentDeployments(chunk);
        chunk.forEach((ref, index) =>
          missing
            .get(ref)!
            .resolve(items[index] ?? { entityRef: ref, items: [] }),
        );
      } catch (error) {
        for (const ref of chunk) missing.get(ref)!.reject(error);
      }
    });
    try {
      return await Promise.all(answers);
    } catch (error) {
      throw new ServiceUnavailableError(
        'The deployment history could not be read',
        error,
      );
    }
  }
}

/** The component's ArgoCD application, on its annotated instance if any. */
function locate(
  component: Entity,
  applications: Map<string, LocatedApplication[]>,
): LocatedApplication | undefined {
  const annotations = component.metadata.annotations ?? {};
  const name = annotations[ARGOCD_APP_NAME_ANNOTATION];
  const instance = annotations[ARGOCD_INSTANCE_ANNOTATION];
  const candidates = (name && applications.get(name)) || [];
  return instance
    ? candidates.find(c => c.instance === instance)
    : candidates[0];
}

/**
 * Whether what runs differs from what was last deployed to the cell's
 * environment: the application is OutOfSync, or its image tag is not the
 * deployed one (the tag of the deployment's image, else its version). An
 * application counts for an environment whose ArgoCD annotations it
 * matches; for an environment without them, only if ArgoCD itself reported
 * the cell's deployment from that application.
 */
function driftOf(
  current: CurrentDeployment,
  located: LocatedApplication | undefined,
  environment: CatalogEnvironment | undefined,
): Pick<MatrixCell, 'drift' | 'driftReason'> {
  if (!located) {
    return { drift: false };
  }
  const { application } = located;
  const deploysHere = applicationDeploysTo(application, environment);
  const { deployment } = current;
  const reportedByIt =
    deployment.source === 'argocd' &&
    deployment.metadata?.app === application.metadata.name;
  if (deploysHere === 'no' || (deploysHere === 'unknown' && !reportedByIt)) {
    return { drift: false };
  }
  if (application.status?.sync?.status === 'OutOfSync') {
    return { drift: true, driftReason: 'out-of-sync' };
  }
  const running = applicationImage(
    application.status?.summary?.images,
    application.metadata.name,
  )?.tag;
  const expected = deployment.image
    ? parseImage(deployment.image).tag
    : deployment.version;
  if (running !== undefined && expected !== undefined && running !== expected) {
    return { drift: true, driftReason: 'image-mismatch' };
  }
  return { drift: false };
}
