import { DeploymentWriteResult } from '@internal/plugin-deployments-common';
import {
  DeploymentStore,
  NewDeployment,
  RecordOptions,
} from '../database/DeploymentStore';
import { FailedDeploymentNotifier } from './FailedDeploymentNotifier';

/**
 * The one way deployments are written: by the CI API, the ArgoCD webhook and
 * the scheduled ArgoCD reader alike. Stores the events, then notifies about
 * new production failures; a failed notification never fails the write.
 */
export class DeploymentRecorder {
  private readonly store: DeploymentStore;
  private readonly notifier: FailedDeploymentNotifier;

  constructor(options: {
    store: DeploymentStore;
    notifier: FailedDeploymentNotifier;
  }) {
    this.store = options.store;
    this.notifier = options.notifier;
  }

  /** Stores validated events; see DeploymentStore.record. */
  async record(
    items: NewDeployment[],
    options?: RecordOptions,
  ): Promise<DeploymentWriteResult[]> {
    const results = await this.store.record(items, options);
    await this.notifier.notifyNewFailures(results);
    return results;
  }
}
