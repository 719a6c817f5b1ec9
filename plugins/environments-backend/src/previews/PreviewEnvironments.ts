import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import {
  ConflictError,
  ServiceUnavailableError,
  toError,
} from '@backstage/errors';
import { AuditAction } from '@internal/plugin-environments-common';
import {
  EnvironmentStore,
  NewPreview,
  PreviewQuotaExceededError,
  PreviewRecord,
} from '../database/EnvironmentStore';
import { PreviewEnvironmentProvider } from './PreviewEnvironmentProvider';

/** How many live previews an owner group may have unless configured. */
export const DEFAULT_MAX_ACTIVE_PREVIEWS_PER_OWNER = 5;

/**
 * The life of preview environments: created in the table and through the
 * provider, extended, and torn down (by a user, or by the reaper at expiry).
 */
export class PreviewEnvironments {
  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      provider: PreviewEnvironmentProvider;
      logger: LoggerService;
      /** environments.previews.maxActivePerOwner. */
      maxActivePerOwner?: number;
    },
  ) {}

  /**
   * Claims the name in the table (a ConflictError if taken, or if the owner
   * has its quota of live previews), then asks the provider to create it.
   * If the provider fails, the preview is removed again and the failure is
   * reported as unavailable.
   */
  async create(preview: NewPreview, now: Date): Promise<PreviewRecord> {
    const { store, provider } = this.deps;
    const maxLivePerOwner =
      this.deps.maxActivePerOwner ?? DEFAULT_MAX_ACTIVE_PREVIEWS_PER_OWNER;
    let record: PreviewRecord;
    try {
      record = await store.createPreview(
        preview,
        {
          environment: preview.name,
          action: 'environment.create',
          actor: preview.createdBy,
          details: {
            service: preview.service,
            owner: preview.owner,
            ttl: preview.ttl,
            expiresAt: preview.expiresAt.toISOString(),
            provider: provider.name,
          },
        },
        { maxLivePerOwner, now },
      );
    } catch (error) {
      if (error instanceof PreviewQuotaExceededError) {
        throw new ConflictError(
          `${shortRef(error.owner)} already has ${
            error.limit
          } live previews (environments.previews.maxActivePerOwner)`,
        );
      }
      throw error;
    }
    try {
      await provider.create(record);
    } catch (error) {
      await store.deletePreview(record.name, {
        environment: record.name,
        action: 'environment.delete',
        actor: preview.createdBy,
        details: { reason: 'creation failed', provider: provider.name },
      });
      throw new ServiceUnavailableError(
        `The ${provider.name} provider could not create preview ${record.name}`,
        error,
      );
    }
    return record;
  }

  /**
   * Marks the preview as tearing down, destroys it through the provider and
   * removes it with its config, locks and freeze windows. If the provider
   * fails, it stays `tearing_down` (the reaper retries expired ones) and the
   * failure is reported as unavailable.
   */
  async tearDown(
    name: string,
    audit: { action: AuditAction; actor: string; details?: object },
  ): Promise<boolean> {
    const { store, provider, logger } = this.deps;
    const preview = await store.markPreviewTearingDown(name);
    if (!preview) {
      return false;
    }
    try {
      await provider.destroy(preview);
    } catch (error) {
      logger.error(
        `The ${provider.name} provider could not destroy preview ${name}`,
        toError(error),
      );
      throw new ServiceUnavailableError(
        `The ${provider.name} provider could not destroy preview ${name}; it stays tearing_down and is retried`,
        error,
      );
    }
    return store.deletePreview(name, {
      environment: name,
      action: audit.action,
      actor: audit.actor,
      details: {
        ...audit.details,
        owner: preview.owner,
        expiresAt: preview.expiresAt,
        provider: provider.name,
      },
    });
  }
}

/** `group:default/learning-team` as `learning-team`; other namespaces stay. */
function shortRef(ref: string): string {
  const { namespace, name } = parseEntityRef(ref);
  return namespace === DEFAULT_NAMESPACE ? name : `${namespace}/${name}`;
}
