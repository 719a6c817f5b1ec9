import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { safeHttpUrl } from '@internal/plugin-deployments-common';
import {
  DEFAULT_SIGNAL_RANGE,
  isSignalRange,
  SIGNAL_RANGES,
  SignalRange,
} from '@internal/plugin-prometheus-common';
import {
  ErrorAlert,
  errorMessage,
  errorStatus,
  FilterSelect,
  SectionCard,
  ToneChip,
  useSearchParam,
} from '@internal/portal-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useMemo } from 'react';
import { DeploymentMarker, hasData, toCharts } from '../../chart';
import { formatInstant, RANGE_LABELS } from '../../format';
import { useDeploymentMarkers } from '../../hooks/useDeploymentMarkers';
import { useSignals } from '../../hooks/useSignals';
import { LineChart, STATUS_PRESENTATION } from '../LineChart';

/** The environment whose deployments are marked unless another is chosen. */
export const DEFAULT_MARKER_ENVIRONMENT = 'production';
const ALL_ENVIRONMENTS = 'all';

const ENVIRONMENT_OPTIONS = [
  { value: 'production', label: 'Production' },
  { value: 'staging', label: 'Staging' },
  { value: 'development', label: 'Development' },
  { value: ALL_ENVIRONMENTS, label: 'All environments' },
];

function signalsErrorTitle(error: Error): string | undefined {
  switch (errorStatus(error)) {
    case 503:
    case 502:
    case 504:
      return 'Prometheus is unavailable';
    case 400:
      return 'Cannot query the signals of this entity';
    default:
      return undefined;
  }
}

function DeploymentsTable(props: { markers: DeploymentMarker[] }) {
  return (
    <Table size="small" aria-label="Deployments in this window">
      <TableHead>
        <TableRow>
          <TableCell>Version</TableCell>
          <TableCell>Environment</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>When</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {[...props.markers].reverse().map(marker => {
          const { label, tone } = STATUS_PRESENTATION[marker.status];
          // Only http(s) links: a deployment's url comes from its reporter.
          const href = safeHttpUrl(marker.url);
          return (
            <TableRow key={marker.id}>
              <TableCell>
                {href ? (
                  <Link href={href} target="_blank" rel="noopener">
                    {marker.version}
                  </Link>
                ) : (
                  marker.version
                )}
              </TableCell>
              <TableCell>{marker.environment}</TableCell>
              <TableCell>
                <ToneChip tone={tone} label={label} />
              </TableCell>
              <TableCell>{formatInstant(marker.t)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * The Signals tab: every golden signal of the entity over the chosen range
 * (kept in the URL as `range`), one chart each with the latency percentiles
 * together, and a marker on every chart for each deployment of the entity
 * in the window (environment `environment`, production by default).
 */
export function EntitySignalsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [rangeParam, setRange] = useSearchParam('range');
  const [environmentParam, setEnvironment] = useSearchParam('environment');
  const range: SignalRange = isSignalRange(rangeParam)
    ? rangeParam
    : DEFAULT_SIGNAL_RANGE;
  const environment = environmentParam ?? DEFAULT_MARKER_ENVIRONMENT;

  const signals = useSignals(entityRef, range);
  const response = signals.value;
  const markers = useDeploymentMarkers({
    entityRef,
    start: response?.start,
    end: response?.end,
    environment: environment === ALL_ENVIRONMENTS ? undefined : environment,
  });
  const charts = useMemo(
    () => (response ? toCharts(response.signals) : []),
    [response],
  );

  let body;
  if (signals.error) {
    body = (
      <>
        <ErrorAlert
          error={signals.error}
          title={signalsErrorTitle(signals.error)}
        />
        <Box mt={1}>
          <Button variant="outlined" onClick={signals.retry}>
            Try again
          </Button>
        </Box>
      </>
    );
  } else if (signals.loading || !response) {
    body = <Progress />;
  } else if (charts.length === 0) {
    body = (
      <Alert severity="info">
        The Prometheus backend serves no signals for this entity.
      </Alert>
    );
  } else {
    const start = Date.parse(response.start);
    const end = Date.parse(response.end);
    const noData = !charts.some(hasData);
    body = (
      <>
        {noData && (
          <Box mb={2}>
            <Alert severity="info">
              Prometheus ({response.instance}) has no series matching{' '}
              <code>{response.selector}</code> in this window. Check the{' '}
              <code>prometheus.io/selector</code> annotation of this entity.
            </Alert>
          </Box>
        )}
        {markers.error && (
          <Box mb={2}>
            <Alert severity="warning">
              Deployment markers are missing: {errorMessage(markers.error)}
            </Alert>
          </Box>
        )}
        <Grid container spacing={3}>
          {charts.map(chart => (
            <Grid item xs={12} lg={6} key={chart.id}>
              <LineChart
                title={chart.title}
                unit={chart.unit}
                series={chart.series}
                start={start}
                end={end}
                range={range}
                markers={markers.value ?? []}
              />
            </Grid>
          ))}
        </Grid>
        <Box mt={3}>
          <Typography component="h3" variant="subtitle2" gutterBottom>
            Deployments in this window
          </Typography>
          {markers.loading && <Progress />}
          {markers.value?.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              No deployments
              {environment === ALL_ENVIRONMENTS ? '' : ` to ${environment}`} in
              this window.
            </Typography>
          )}
          {markers.value && markers.value.length > 0 && (
            <DeploymentsTable markers={markers.value} />
          )}
        </Box>
      </>
    );
  }

  return (
    <SectionCard
      title="Golden signals"
      subheader={
        response
          ? `${RANGE_LABELS[range]}, ${response.selector} on ${response.instance}`
          : RANGE_LABELS[range]
      }
    >
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 16 }}
        role="group"
        aria-label="Signal options"
      >
        <ToggleButtonGroup
          size="small"
          exclusive
          value={range}
          aria-label="Time range"
          onChange={(_event, value: SignalRange | null) => {
            if (value) setRange(value);
          }}
        >
          {SIGNAL_RANGES.map(r => (
            <ToggleButton key={r} value={r} aria-label={RANGE_LABELS[r]}>
              {r}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <FilterSelect
          label="Deployments of"
          value={environment}
          options={ENVIRONMENT_OPTIONS}
          onChange={setEnvironment}
        />
      </Box>
      {body}
    </SectionCard>
  );
}
