import {
  EnvironmentLockSummary,
  FreezeWindow,
  FreezeWindowSpec,
} from '@internal/plugin-environments-common';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { occurrenceAt } from '../freeze/freezeWindows';

/** A freeze window from app-config, with its `config:<index>` id. */
export type ConfiguredFreezeWindow = FreezeWindowSpec & { id: string };

/**
 * Whether environments are locked at an instant: by a lock someone set, or
 * by a recurring freeze window (from app-config or the API).
 */
export class EnvironmentLocks {
  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      configuredWindows: readonly ConfiguredFreezeWindow[];
    },
  ) {}

  /** Every freeze window, config ones first, with whether it is in force at `at`. */
  async freezeWindows(filter: {
    environment?: string;
    at: Date;
  }): Promise<FreezeWindow[]> {
    const { environment, at } = filter;
    const configured = this.deps.configuredWindows
      .filter(w => environment === undefined || w.environment === environment)
      .map(w => ({ ...w, source: 'config' as const }));
    const stored = (
      await this.deps.store.listFreezeWindows({ environment })
    ).map(w => ({ ...w, source: 'api' as const }));
    return [...configured, ...stored].map(window => ({
      ...window,
      active: occurrenceAt(window, at) !== undefined,
    }));
  }

  /**
   * Why each locked environment is locked at `at`, by environment name.
   * A lock someone set wins over a freeze window; among locks, the newest.
   */
  async activeLocks(filter: {
    environment?: string;
    at: Date;
  }): Promise<Map<string, EnvironmentLockSummary>> {
    const { environment, at } = filter;
    const [locks, windows] = await Promise.all([
      this.deps.store.listLocks({ environment, activeAt: at }),
      this.freezeWindows({ environment, at }),
    ]);
    const summaries = new Map<string, EnvironmentLockSummary>();
    for (const window of windows) {
      const occurrence = occurrenceAt(window, at);
      if (occurrence && !summaries.has(window.environment)) {
        summaries.set(window.environment, {
          reason: window.reason,
          until: occurrence.end.toISOString(),
          source: 'freeze-window',
        });
      }
    }
    // Newest first: the first lock of an environment wins.
    const locked = new Set<string>();
    for (const lock of locks) {
      if (!locked.has(lock.environment)) {
        locked.add(lock.environment);
        summaries.set(lock.environment, {
          reason: lock.reason,
          ...(lock.until && { until: lock.until }),
          source: 'lock',
        });
      }
    }
    return summaries;
  }

  async lockOf(
    environment: string,
    at: Date,
  ): Promise<EnvironmentLockSummary | undefined> {
    return (await this.activeLocks({ environment, at })).get(environment);
  }
}
