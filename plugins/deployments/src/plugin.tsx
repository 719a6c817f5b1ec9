import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import DeploymentsIcon from '@material-ui/icons/CloudUpload';
import { deploymentsApi } from './api';
import { rootRouteRef } from './routes';

/** Deployment history is recorded for components, the deployable kind. */
const isComponent = { kind: 'component' };

const deploymentsIcon = <DeploymentsIcon fontSize="inherit" />;

/**
 * The /deployments page across all services. Its title and icon also make
 * it the sidebar's "Deployments" item.
 */
export const deploymentsPage = PageBlueprint.make({
  params: {
    path: '/deployments',
    routeRef: rootRouteRef,
    title: 'Deployments',
    icon: deploymentsIcon,
    loader: () =>
      import('./components/DeploymentsPage').then(m => <m.DeploymentsPage />),
  },
});

/** The Deployments tab of a component. */
export const entityDeploymentsContent = EntityContentBlueprint.make({
  name: 'history',
  params: {
    path: '/deployments',
    title: 'Deployments',
    filter: isComponent,
    loader: () =>
      import('./components/EntityDeploymentsContent').then(m => (
        <m.EntityDeploymentsContent />
      )),
  },
});

/** What runs where, on a component's overview. */
export const entityCurrentVersionsCard = EntityCardBlueprint.make({
  name: 'current-versions',
  params: {
    filter: isComponent,
    loader: () =>
      import('./components/CurrentVersionsCard').then(m => (
        <m.CurrentVersionsCard />
      )),
  },
});

/** Deployment history, current versions and DORA metrics. */
export default createFrontendPlugin({
  pluginId: 'deployments',
  title: 'Deployments',
  icon: deploymentsIcon,
  routes: { root: rootRouteRef },
  extensions: [
    deploymentsApi,
    deploymentsPage,
    entityDeploymentsContent,
    entityCurrentVersionsCard,
  ],
});
