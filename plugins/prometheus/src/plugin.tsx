import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isPrometheusAvailable } from '@internal/plugin-prometheus-common';
import SignalsIcon from '@material-ui/icons/Timeline';
import { prometheusApi } from './api';

const signalsIcon = <SignalsIcon fontSize="inherit" />;

/*
 * Both extensions show only on entities with a `prometheus.io/selector`
 * annotation. A function rather than a predicate object: the annotation's
 * key contains a dot, which predicate paths would split on.
 */

/** The Signals tab: golden signals over a range, with deployment markers. */
export const entitySignalsContent = EntityContentBlueprint.make({
  name: 'signals',
  params: {
    path: '/signals',
    title: 'Signals',
    filter: isPrometheusAvailable,
    loader: () =>
      import('./components/EntitySignalsContent').then(m => (
        <m.EntitySignalsContent />
      )),
  },
});

/** Firing and pending alerts, on the overview. */
export const entityAlertsCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: isPrometheusAvailable,
    loader: () =>
      import('./components/EntityAlertsCard').then(m => <m.EntityAlertsCard />),
  },
});

/** Golden signals and alerts of services, from Prometheus. */
export default createFrontendPlugin({
  pluginId: 'prometheus',
  title: 'Prometheus',
  icon: signalsIcon,
  extensions: [prometheusApi, entitySignalsContent, entityAlertsCard],
});
