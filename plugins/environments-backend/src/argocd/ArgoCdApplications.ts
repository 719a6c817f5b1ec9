import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { toError } from '@backstage/errors';
import {
  ArgoCdApplication,
  ArgoCdClient,
  readArgoCdInstances,
} from '@internal/argocd-client';
import { TtlCache } from '@internal/portal-node';

/** An application together with the instance that serves it. */
export interface LocatedApplication {
  instance: string;
  application: ArgoCdApplication;
}

/**
 * The ArgoCD applications of every configured instance. Listings are cached
 * briefly, since the matrix reads all of them on every request; lookups for
 * writes always ask the instance.
 */
export class ArgoCdApplications {
  private readonly listings: TtlCache<ArgoCdApplication[]>;

  static fromConfig(
    config: Config,
    options: { logger: LoggerService; cacheTtlMs: number },
  ): ArgoCdApplications {
    const clients = readArgoCdInstances(config).map(
      instance => new ArgoCdClient(instance),
    );
    return new ArgoCdApplications(clients, options);
  }

  constructor(
    private readonly clients: ArgoCdClient[],
    private readonly options: { logger: LoggerService; cacheTtlMs: number },
  ) {
    this.listings = new TtlCache({ ttlMs: options.cacheTtlMs });
  }

  /** Whether any instance is configured. */
  get configured(): boolean {
    return this.clients.length > 0;
  }

  client(instance?: string): ArgoCdClient | undefined {
    return instance === undefined
      ? this.clients[0]
      : this.clients.find(client => client.instance.name === instance);
  }

  /**
   * Every application by name. An instance that cannot be read is logged and
   * left out: drift is then unknown, not an error of the whole matrix.
   */
  async byName(): Promise<Map<string, LocatedApplication[]>> {
    const listings = await Promise.all(
      this.clients.map(async client => {
        const instance = client.instance.name;
        try {
          const applications = await this.listings.get(instance, () =>
            client.listApplications(),
          );
          return applications.map(application => ({ instance, application }));
        } catch (error) {
          this.options.logger.warn(
            `Could not list the applications of ArgoCD instance "${instance}"; drift is unknown`,
            toError(error),
          );
          return [];
        }
      }),
    );
    const byName = new Map<string, LocatedApplication[]>();
    for (const located of listings.flat()) {
      const name = located.application.metadata.name;
      byName.set(name, [...(byName.get(name) ?? []), located]);
    }
    return byName;
  }

  /** The application of that name, on the given instance or the first that has it. */
  async find(
    name: string,
    instance?: string,
  ): Promise<LocatedApplication | undefined> {
    const candidates = instance
      ? this.clients.filter(client => client.instance.name === instance)
      : this.clients;
    for (const client of candidates) {
      const application = await client.getApplication(name);
      if (application) {
        return { instance: client.instance.name, application };
      }
    }
    return undefined;
  }
}
