import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import EnvironmentsIcon from '@material-ui/icons/Layers';
import { environmentsApi } from './api';
import { rootRouteRef } from './routes';

/** Versions are deployed, and promoted, per component. */
const isComponent = { kind: 'component' };

const environmentsIcon = <EnvironmentsIcon fontSize="inherit" />;

/**
 * The /environments page, with each environment at /environments/:name. Its
 * title and icon also make it the sidebar's "Environments" item.
 */
export const environmentsPage = PageBlueprint.make({
  params: {
    path: '/environments',
    routeRef: rootRouteRef,
    title: 'Environments',
    icon: environmentsIcon,
    loader: () =>
      import('./components/EnvironmentsPage').then(m => <m.EnvironmentsPage />),
  },
});

/** A component's version in each environment, with promotions. */
export const entityEnvironmentsCard = EntityCardBlueprint.make({
  name: 'versions',
  params: {
    filter: isComponent,
    loader: () =>
      import('./components/EntityEnvironmentsCard').then(m => (
        <m.EntityEnvironmentsCard />
      )),
  },
});

/** Environments, their configuration and locks, and promotions between them. */
export default createFrontendPlugin({
  pluginId: 'environments',
  title: 'Environments',
  icon: environmentsIcon,
  routes: { root: rootRouteRef },
  extensions: [environmentsApi, environmentsPage, entityEnvironmentsCard],
});
