import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import PlatformStatusIcon from '@material-ui/icons/Speed';
import { rootRouteRef } from './routes';

const platformStatusIcon = <PlatformStatusIcon fontSize="inherit" />;

/**
 * The /platform-status page. Its title and icon also make it the
 * sidebar's "Platform status" item.
 */
export const platformStatusPage = PageBlueprint.make({
  params: {
    path: '/platform-status',
    routeRef: rootRouteRef,
    title: 'Platform status',
    icon: platformStatusIcon,
    loader: () =>
      import('./components/PlatformStatusPage').then(m => (
        <m.PlatformStatusPage />
      )),
  },
});

/**
 * Every service's health at a glance, for platform staff. Reads the APIs of
 * the catalog, ArgoCD (Roadie), Kubernetes, Prometheus
 * (`@internal/plugin-prometheus`) and deployments
 * (`@internal/plugin-deployments`), which those plugins install.
 */
export default createFrontendPlugin({
  pluginId: 'platform-status',
  title: 'Platform status',
  icon: platformStatusIcon,
  routes: { root: rootRouteRef },
  extensions: [platformStatusPage],
});
