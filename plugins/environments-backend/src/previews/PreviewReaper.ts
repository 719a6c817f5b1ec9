import { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { EnvironmentStore, PreviewRecord } from '../database/EnvironmentStore';
import { EXPIRY_WARNING_MS } from '../service/EnvironmentDirectory';
import { PreviewEnvironments } from './PreviewEnvironments';

/** Who the audit trail names for what the reaper does. */
export const REAPER_ACTOR = 'service:environments';

export interface ReaperRun {
  /** Previews whose owners were warned in this run. */
  warned: string[];
  /** Previews torn down in this run. */
  tornDown: string[];
  /** Expired previews whose teardown failed; retried on the next run. */
  failed: string[];
}

/**
 * The scheduled work on preview environments: warns the owners once, an
 * hour before expiry, and tears down what expired. Takes a clock so tests
 * can drive it.
 */
export class PreviewReaper {
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      previews: PreviewEnvironments;
      notifications: NotificationService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  async run(): Promise<ReaperRun> {
    const now = this.now();
    const soon = new Date(now.getTime() + EXPIRY_WARNING_MS);
    const due = await this.deps.store.listPreviewsExpiringBy(soon);
    const result: ReaperRun = { warned: [], tornDown: [], failed: [] };

    for (const preview of due) {
      if (new Date(preview.expiresAt) <= now) {
        if (await this.tearDown(preview)) {
          result.tornDown.push(preview.name);
        } else {
          result.failed.push(preview.name);
        }
      } else if (await this.warn(preview, now, soon)) {
        result.warned.push(preview.name);
      }
    }
    if (due.length) {
      this.deps.logger.info(
        `Preview reaper: warned ${result.warned.length}, tore down ${result.tornDown.length}, failed ${result.failed.length}`,
      );
    }
    return result;
  }

  private async tearDown(preview: PreviewRecord): Promise<boolean> {
    try {
      await this.deps.previews.tearDown(preview.name, {
        action: 'environment.teardown',
        actor: REAPER_ACTOR,
        details: { reason: 'expired' },
      });
      return true;
    } catch (error) {
      this.deps.logger.error(
        `Could not tear down expired preview ${preview.name}`,
        toError(error),
      );
      return false;
    }
  }

  /** Warns once per expiry: the claim in the store decides who sends it. */
  private async warn(
    preview: PreviewRecord,
    now: Date,
    soon: Date,
  ): Promise<boolean> {
    if (preview.status !== 'active' || preview.warnedAt) {
      return false;
    }
    const claimed = await this.deps.store.claimExpiryWarning(
      preview.name,
      { at: now, expiresBy: soon },
      {
        environment: preview.name,
        action: 'environment.expiry-warning',
        actor: REAPER_ACTOR,
        details: { owner: preview.owner, expiresAt: preview.expiresAt },
      },
    );
    if (!claimed) {
      return false;
    }
    try {
      await this.deps.notifications.send({
        recipients: { type: 'entity', entityRef: preview.owner },
        payload: {
          title: `Preview environment ${preview.name} expires within the hour`,
          description: `It will be torn down at ${preview.expiresAt}. Extend it on its page to keep it.`,
          link: `/environments/${encodeURIComponent(preview.name)}`,
          severity: 'normal',
          topic: 'environments',
          scope: `environment-expiry:${preview.name}`,
        },
      });
    } catch (error) {
      this.deps.logger.error(
        `Could not notify the owners of preview ${preview.name} of its expiry`,
        toError(error),
      );
    }
    return true;
  }
}
