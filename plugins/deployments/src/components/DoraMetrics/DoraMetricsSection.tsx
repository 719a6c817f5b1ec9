import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { DoraMetrics } from '@internal/plugin-deployments-common';
import { useId, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deploymentsApiRef } from '@internal/plugin-deployments-react';
import {
  formatDate,
  formatDecimal,
  formatDuration,
  formatPercent,
  pluralize,
} from '../../format';
import { DoraMetricCard, DoraMetricCardProps } from './DoraMetricCard';
import { WeeklyDeploymentsChart } from './WeeklyDeploymentsChart';
import { weeklySeries } from './weeklySeries';

function orNoData<T>(
  value: T | null,
  format: (value: T) => string,
): string | undefined {
  return value === null ? undefined : format(value);
}

/** The four key metrics as cards, in the order DORA lists them. */
function doraMetricCards(metrics: DoraMetrics): DoraMetricCardProps[] {
  const {
    deploymentFrequency,
    leadTimeForChanges,
    changeFailureRate,
    timeToRestore,
  } = metrics;
  return [
    {
      title: 'Deployment frequency',
      value: `${formatDecimal(deploymentFrequency.perWeek)} per week`,
      band: deploymentFrequency.band,
      basis: pluralize(deploymentFrequency.sampleSize, 'deployment'),
    },
    {
      title: 'Lead time for changes',
      value: orNoData(leadTimeForChanges.medianSeconds, formatDuration),
      band: leadTimeForChanges.band,
      basis: pluralize(leadTimeForChanges.sampleSize, 'change'),
    },
    {
      title: 'Change failure rate',
      value: orNoData(changeFailureRate.ratio, formatPercent),
      band: changeFailureRate.band,
      basis: pluralize(changeFailureRate.sampleSize, 'finished deployment'),
    },
    {
      title: 'Time to restore',
      value: orNoData(timeToRestore.medianSeconds, formatDuration),
      band: timeToRestore.band,
      basis: pluralize(timeToRestore.sampleSize, 'failure'),
    },
  ];
}

function DoraMetricsView(props: { metrics: DoraMetrics }) {
  const { scope, deploymentFrequency } = props.metrics;
  const series = useMemo(
    () => weeklySeries(deploymentFrequency.weekly, scope),
    [deploymentFrequency.weekly, scope],
  );
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          {scope.environment}, {formatDate(scope.from)} to{' '}
          {formatDate(scope.to)}. Lead time and time to restore are medians.
        </Typography>
      </Grid>
      {doraMetricCards(props.metrics).map(card => (
        <Grid item key={card.title} xs={12} sm={6} lg={3}>
          <DoraMetricCard {...card} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <WeeklyDeploymentsChart series={series} />
      </Grid>
    </Grid>
  );
}

function TeamDoraMetrics(props: { owner: string; environment?: string }) {
  const api = useApi(deploymentsApiRef);
  const { owner, environment } = props;
  // Without an environment the backend reports on its production environment.
  const { value, loading, error } = useAsync(
    () => api.getDoraMetrics({ owner, environment }),
    [api, owner, environment],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return value ? <DoraMetricsView metrics={value} /> : null;
}

export interface DoraMetricsSectionProps {
  /** The team to report on; DORA metrics need an owner or an entity. */
  owner?: string;
  environment?: string;
}

/** DORA metrics of a team, or a hint to pick one. */
export function DoraMetricsSection(props: DoraMetricsSectionProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Typography id={headingId} component="h2" variant="h5" gutterBottom>
        DORA metrics
      </Typography>
      {props.owner ? (
        <TeamDoraMetrics owner={props.owner} environment={props.environment} />
      ) : (
        <Alert severity="info">Pick a team to see its DORA metrics.</Alert>
      )}
    </section>
  );
}
