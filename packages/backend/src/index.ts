/*
 * The portal's backend: the upstream plugins the portal is built on, plus the
 * portal's own plugins from plugins/. Every plugin gets its own database (or
 * schema), logger and scheduler from the new backend system.
 */
import { createBackend } from '@backstage/backend-defaults';
import { startupLockedDatabaseServiceFactory } from './database/startupLockedDatabaseServiceFactory';

const backend = createBackend();

// Replicas starting together on PostgreSQL create their tables in turn.
backend.add(startupLockedDatabaseServiceFactory);

// Serves the built frontend in production.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: guest in the embedded default; OIDC and GitHub in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// Permissions, decided by the portal's own policy (not allow-all).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-portal-policy'));

// Service catalog: org model, systems, APIs, templates.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Software templates.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// publish:local, to git repositories in scaffolder.localGit.directory (the
// embedded default has no git host), registered as file locations, which
// the catalog module lets the catalog accept where that directory is set.
backend.add(import('@internal/plugin-scaffolder-backend-module-local-git'));
backend.add(import('@internal/plugin-catalog-backend-module-local-git'));

// TechDocs, built locally with mkdocs.
backend.add(import('@backstage/plugin-techdocs-backend'));

// Search: the PostgreSQL engine where the database is PostgreSQL; on SQLite
// the module steps aside and search falls back to its in-memory Lunr engine.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
backend.add(import('@internal/plugin-search-backend-module-courses'));

// Runtime state of services: Kubernetes and ArgoCD.
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));

// Notifications, and signals to push them to open browsers.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// The portal's own plugins.
backend.add(import('@internal/plugin-deployments-backend'));
backend.add(import('@internal/plugin-environments-backend'));
// Preview environments created through the API, kept in the catalog.
backend.add(import('@internal/plugin-catalog-backend-module-environments'));
// Scaffolder actions environments:create-preview and environments:set-config.
backend.add(import('@internal/plugin-scaffolder-backend-module-environments'));
// Learning courses: catalog, enrolment and progress (search module above).
backend.add(import('@internal/plugin-courses-backend'));
// Golden signals and alerts of entities from Prometheus.
backend.add(import('@internal/plugin-prometheus-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// A failed start exits, so that the pod is restarted rather than left
// running without ever becoming ready.
backend.start().catch(error => {
  console.error(error);
  process.exit(1);
});
