import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import ItemsIcon from '@material-ui/icons/ListAlt';
import { ${{ values.camelName }}Api } from './api';
import { rootRouteRef } from './routes';

const TITLE = '${{ values.title }}';

const itemsIcon = <ItemsIcon fontSize="inherit" />;

/**
 * The /${{ values.name }} page. Its title and icon also make it the
 * sidebar's "${{ values.title }}" item.
 */
export const ${{ values.camelName }}Page = PageBlueprint.make({
  params: {
    path: '/${{ values.name }}',
    routeRef: rootRouteRef,
    title: TITLE,
    icon: itemsIcon,
    loader: () => import('./components/ItemsPage').then(m => <m.ItemsPage />),
  },
});

/** The items of an entity, on the pages of entities of one kind. */
export const entityItemsCard = EntityCardBlueprint.make({
  name: 'items',
  params: {
    filter: { kind: '${{ values.entityKind }}' },
    loader: () =>
      import('./components/EntityItemsCard').then(m => <m.EntityItemsCard />),
  },
});

/** ${{ values.description | replace('*/', '* /') }} */
export default createFrontendPlugin({
  pluginId: '${{ values.name }}',
  title: TITLE,
  icon: itemsIcon,
  routes: { root: rootRouteRef },
  extensions: [${{ values.camelName }}Api, ${{ values.camelName }}Page, entityItemsCard],
});
