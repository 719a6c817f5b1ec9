import { LoggerService } from '@backstage/backend-plugin-api';
import { inBatches } from '../lib/inBatches';
import { DeploymentStore } from '../database/DeploymentStore';
import { demoDeploymentHistory } from './demoHistory';

/**
 * Fills an empty store with a year of deployments of the demo services up
 * to `now`, so a fresh demo portal shows history, current versions and DORA
 * metrics. Does nothing once anything is stored. Returns how many
 * deployments it recorded.
 */
export async function seedDemoDeployments(options: {
  store: DeploymentStore;
  logger: LoggerService;
  now?: Date;
}): Promise<number> {
  const { store, logger, now = new Date() } = options;
  if (!(await store.isEmpty())) {
    return 0;
  }
  let recorded = 0;
  for (const batch of inBatches(demoDeploymentHistory(now))) {
    const results = await store.record(batch);
    recorded += results.filter(r => r.outcome === 'created').length;
  }
  logger.info(`Recorded ${recorded} demo deployments`);
  return recorded;
}
