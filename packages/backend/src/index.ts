/*
 * The portal's backend: the plugins and modules of ./features, on the new
 * backend system. Every plugin gets its own database (or schema), logger and
 * scheduler from the framework.
 */
import { createBackend } from '@backstage/backend-defaults';
import { startupLockedDatabaseServiceFactory } from './database/startupLockedDatabaseServiceFactory';
import { portalFeatures } from './features';
import { portalRootHttpRouterServiceFactory } from './http/rootHttpRouter';
import {
  productionGuardServiceFactory,
  UnsafeProductionConfigError,
} from './startup/productionGuard';

const backend = createBackend();

// Production refuses to start with a missing, weak or development secret,
// before any plugin starts.
backend.add(productionGuardServiceFactory);

// Error responses without stacks or upstream objects outside development;
// the Roadie ArgoCD backend only reads.
backend.add(portalRootHttpRouterServiceFactory);

// Replicas starting together on PostgreSQL create their tables in turn.
backend.add(startupLockedDatabaseServiceFactory);

for (const feature of portalFeatures) {
  backend.add(feature);
}

// A failed start exits, so that the pod is restarted rather than left
// running without ever becoming ready.
backend.start().catch(error => {
  // The guard's message says what to fix; its stack would only bury it.
  console.error(
    error instanceof UnsafeProductionConfigError ? error.message : error,
  );
  process.exit(1);
});
