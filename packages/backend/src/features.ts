/*
 * The plugins and modules the portal's backend runs: the upstream plugins the
 * portal is built on, plus the portal's own from plugins/. `index.ts` adds
 * them to the backend; the backend tests start the same list (with test
 * doubles for what cannot run in a test), so a plugin added here is tested.
 * Static imports rather than `import()`: jest, which runs the in-process test
 * backend (__testUtils__/portalTestBackend.ts), cannot load dynamic imports.
 */
import appPlugin from '@backstage/plugin-app-backend';
import proxyPlugin from '@backstage/plugin-proxy-backend';
import authPlugin from '@backstage/plugin-auth-backend';
import authModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import authModuleGithubProvider from '@backstage/plugin-auth-backend-module-github-provider';
import authModuleOidcProvider from '@backstage/plugin-auth-backend-module-oidc-provider';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModulePortalPolicy from '@internal/plugin-permission-backend-module-portal-policy';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogModuleLogs from '@backstage/plugin-catalog-backend-module-logs';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleNotifications from '@backstage/plugin-scaffolder-backend-module-notifications';
import scaffolderModuleLocalGit from '@internal/plugin-scaffolder-backend-module-local-git';
import catalogModuleLocalGit from '@internal/plugin-catalog-backend-module-local-git';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchModulePg from '@backstage/plugin-search-backend-module-pg';
import searchModuleCatalog from '@backstage/plugin-search-backend-module-catalog';
import searchModuleTechdocs from '@backstage/plugin-search-backend-module-techdocs';
import searchModuleCourses from '@internal/plugin-search-backend-module-courses';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import argoCdPlugin from '@roadiehq/backstage-plugin-argo-cd-backend';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import deploymentsPlugin from '@internal/plugin-deployments-backend';
import environmentsPlugin from '@internal/plugin-environments-backend';
import catalogModuleEnvironments from '@internal/plugin-catalog-backend-module-environments';
import scaffolderModuleEnvironments from '@internal/plugin-scaffolder-backend-module-environments';
import coursesPlugin from '@internal/plugin-courses-backend';
import prometheusPlugin from '@internal/plugin-prometheus-backend';
import userSettingsPlugin from '@backstage/plugin-user-settings-backend';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';

export const portalFeatures = [
  // Serves the built frontend in production.
  appPlugin,
  proxyPlugin,

  // Sign-in: guest in the embedded default; OIDC and GitHub in production.
  authPlugin,
  authModuleGuestProvider,
  authModuleGithubProvider,
  authModuleOidcProvider,

  // Permissions, decided by the portal's own policy (not allow-all).
  permissionPlugin,
  permissionModulePortalPolicy,

  // Service catalog: org model, systems, APIs, templates.
  catalogPlugin,
  catalogModuleScaffolderEntityModel,
  catalogModuleLogs,

  // Software templates.
  scaffolderPlugin,
  scaffolderModuleGithub,
  scaffolderModuleNotifications,
  // publish:local, to git repositories in scaffolder.localGit.directory (the
  // embedded default has no git host), registered as file locations, which
  // the catalog module lets the catalog accept where that directory is set.
  scaffolderModuleLocalGit,
  catalogModuleLocalGit,

  // TechDocs, built locally with mkdocs.
  techdocsPlugin,

  // Search: the PostgreSQL engine where the database is PostgreSQL; on SQLite
  // the module steps aside and search falls back to its in-memory Lunr engine.
  searchPlugin,
  searchModulePg,
  searchModuleCatalog,
  searchModuleTechdocs,
  searchModuleCourses,

  // Runtime state of services: Kubernetes and ArgoCD.
  kubernetesPlugin,
  argoCdPlugin,

  // Notifications, and signals to push them to open browsers.
  notificationsPlugin,
  signalsPlugin,

  // The portal's own plugins.
  deploymentsPlugin,
  environmentsPlugin,
  // Preview environments created through the API, kept in the catalog.
  catalogModuleEnvironments,
  // Scaffolder actions environments:create-preview and environments:set-config.
  scaffolderModuleEnvironments,
  // Learning courses: catalog, enrolment and progress (search module above).
  coursesPlugin,
  // Golden signals and alerts of entities from Prometheus.
  prometheusPlugin,

  userSettingsPlugin,
  mcpActionsPlugin,
];
