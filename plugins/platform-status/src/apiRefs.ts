/*
 * The API refs this page reads, which only the frontend plugins that install
 * the APIs export. Importing a frontend plugin from another one is frowned
 * upon (@backstage/no-mixed-plugin-imports) but reuses the APIs the app
 * already installs. TODO: move the refs to `-react` packages when they exist.
 */
/* eslint-disable @backstage/no-mixed-plugin-imports */
export { deploymentsApiRef } from '@internal/plugin-deployments';
export { prometheusApiRef } from '@internal/plugin-prometheus';
/* eslint-enable @backstage/no-mixed-plugin-imports */
export { argoCDApiRef } from '@roadiehq/backstage-plugin-argo-cd';
export { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
