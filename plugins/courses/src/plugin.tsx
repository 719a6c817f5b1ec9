import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { getRecommendedCourses } from '@internal/plugin-courses-common';
import LearnIcon from '@material-ui/icons/School';
import { coursesApi } from './api';
import { rootRouteRef } from './routes';

const learnIcon = <LearnIcon fontSize="inherit" />;

/**
 * /learn: the course catalog, course pages, My learning, team progress and
 * course authoring. Its title and icon also make it the sidebar's "Learn"
 * item.
 */
export const learnPage = PageBlueprint.make({
  params: {
    path: '/learn',
    routeRef: rootRouteRef,
    title: 'Learn',
    icon: learnIcon,
    loader: () => import('./components/LearnPage').then(m => <m.LearnPage />),
  },
});

/**
 * The courses an entity recommends, on the pages of entities that carry the
 * `courses/recommended` annotation: services and templates alike.
 */
export const entityLearnCard = EntityCardBlueprint.make({
  name: 'learn',
  params: {
    filter: entity => getRecommendedCourses(entity).length > 0,
    loader: () =>
      import('./components/EntityLearnCard').then(m => <m.EntityLearnCard />),
  },
});

/** Learning courses: a catalog with enrolment and progress. */
export default createFrontendPlugin({
  pluginId: 'courses',
  title: 'Learn',
  icon: learnIcon,
  routes: { root: rootRouteRef },
  extensions: [coursesApi, learnPage, entityLearnCard],
});
