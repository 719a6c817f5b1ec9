import { LoggerService } from '@backstage/backend-plugin-api';
import { DeploymentStore } from '../database/DeploymentStore';
import { demoDeploymentHistory } from './demoHistory';

/**
 * Fills an empty store with a year of deployments of the demo services up
 * to `now`, so a fresh demo portal shows history, current versions and DORA
 * metrics, in one transaction. Does nothing once anything is stored, also
 * when two replicas start together on an empty database. Returns how many
 * deployments it recorded.
 */
export async function seedDemoDeployments(options: {
  store: DeploymentStore;
  logger: LoggerService;
  now?: Date;
}): Promise<number> {
  const { store, logger, now = new Date() } = options;
  // Every later start stops here, without generating the history.
  if (!(await store.isEmpty())) {
    return 0;
  }
  const results = await store.recordIfEmpty(demoDeploymentHistory(now));
  if (!results) {
    // Another replica seeded it meanwhile.
    return 0;
  }
  const recorded = results.filter(r => r.outcome === 'created').length;
  logger.info(`Recorded ${recorded} demo deployments`);
  return recorded;
}
