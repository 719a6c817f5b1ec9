import { Content } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { DeploymentQuery } from '@internal/plugin-deployments-common';
import { DateTime } from 'luxon';
import { useMemo } from 'react';
import { RefreshButton } from '@internal/portal-react';
import { DEPLOYMENTS_PAGE_SIZE, REFRESH_INTERVAL_MS } from '../../constants';
import { useDeploymentPages } from '../../hooks/useDeploymentPages';
import { useIntervalWhileVisible } from '../../hooks/useIntervalWhileVisible';
import { DeploymentList } from '../DeploymentList';
import { DoraMetricsSection } from '../DoraMetrics';
import { DeploymentFilters } from './DeploymentFilters';
import { useDeploymentsPageFilters } from './useDeploymentsPageFilters';

/**
 * Deployments across all services, for platform staff: filtered by team,
 * environment, status and time, with the selected team's DORA metrics.
 */
export function DeploymentsPage() {
  const [filters, setFilters] = useDeploymentsPageFilters();
  const { team, environment, status, timeRange } = filters;

  // Fixed when the range is picked, so that paging stays on one window.
  const since = useMemo(
    () => DateTime.now().minus(timeRange.duration).toUTC().toISO()!,
    [timeRange],
  );
  const query = useMemo<DeploymentQuery>(
    () => ({
      owner: team,
      environment,
      status,
      since,
      limit: DEPLOYMENTS_PAGE_SIZE,
    }),
    [team, environment, status, since],
  );
  const pages = useDeploymentPages(query);
  useIntervalWhileVisible(pages.refresh, REFRESH_INTERVAL_MS);

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Grid container alignItems="center" wrap="nowrap">
            <Grid item xs>
              <DeploymentFilters filters={filters} onChange={setFilters} />
            </Grid>
            <Grid item>
              <RefreshButton
                label="Refresh deployments"
                onClick={pages.refresh}
              />
            </Grid>
          </Grid>
        </Grid>
        <Grid item xs={12}>
          <DoraMetricsSection owner={team} environment={environment} />
        </Grid>
        <Grid item xs={12}>
          <DeploymentList
            title="Deployments"
            pages={pages}
            showEntity
            emptyMessage="No deployments match these filters."
          />
        </Grid>
      </Grid>
    </Content>
  );
}
