/*
 * The deployment history's API ref, which only the deployments frontend
 * plugin exports. Importing a frontend plugin from another one is frowned
 * upon (@backstage/no-mixed-plugin-imports) but reuses the API the app
 * already installs, rather than a second client. TODO: move the ref to a
 * `@internal/plugin-deployments-react` package when one exists.
 */
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
export { deploymentsApiRef } from '@internal/plugin-deployments';
