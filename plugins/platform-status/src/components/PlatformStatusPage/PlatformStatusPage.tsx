import { parseEntityRef } from '@backstage/catalog-model';
import { Content, Progress } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ErrorAlert,
  FilterSelect,
  RefreshButton,
  SectionCard,
  ToneChip,
  useSearchParam,
  useTeamOptions,
} from '@internal/portal-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { usePlatformStatus } from '../../hooks/usePlatformStatus';
import {
  badness,
  overallStatus,
  OVERALL_PRESENTATION,
  OverallStatus,
  sortWorstFirst,
} from '../../status';
import {
  AlertsCell,
  ArgoCell,
  ErrorRatioCell,
  LastDeploymentCell,
  ReadinessCell,
  SourceCell,
} from './cells';

/** The environment whose last deployment is shown unless another is chosen. */
export const DEFAULT_ENVIRONMENT = 'production';

const ENVIRONMENT_OPTIONS = [
  { value: 'production', label: 'Production' },
  { value: 'staging', label: 'Staging' },
  { value: 'development', label: 'Development' },
];

function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * Every service for platform staff, worst first: ArgoCD sync and health,
 * Kubernetes readiness, firing alerts, error ratio and the last deployment
 * to the chosen environment; filtered by team and system. Filters live in
 * the URL (`team`, `system`, `environment`).
 */
export function PlatformStatusPage() {
  const [team, setTeam] = useSearchParam('team');
  const [system, setSystem] = useSearchParam('system');
  const [environmentParam, setEnvironment] = useSearchParam('environment');
  const environment = environmentParam ?? DEFAULT_ENVIRONMENT;
  const teams = useTeamOptions();
  const status = usePlatformStatus(environment);

  const systemOptions = useMemo(() => {
    const systems = new Set(
      (status.value ?? []).flatMap(s => (s.system ? [s.system] : [])),
    );
    return [
      { value: '', label: 'All systems' },
      ...[...systems].sort().map(ref => ({ value: ref, label: nameOf(ref) })),
    ];
  }, [status.value]);

  const rows = useMemo(
    () =>
      sortWorstFirst(
        (status.value ?? []).filter(
          s => (!team || s.owner === team) && (!system || s.system === system),
        ),
      ).map(service => ({
        service,
        overall: overallStatus(badness(service)),
      })),
    [status.value, team, system],
  );

  const counts = rows.reduce(
    (acc, row) => ({ ...acc, [row.overall]: acc[row.overall] + 1 }),
    { critical: 0, warning: 0, healthy: 0 } as Record<OverallStatus, number>,
  );

  let body;
  if (status.error) {
    body = (
      <ErrorAlert error={status.error} title="Could not list the services" />
    );
  } else if (!status.value) {
    body = <Progress />;
  } else if (rows.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No services match these filters.
      </Typography>
    );
  } else {
    body = (
      <Box overflow="auto">
        <Table size="small" aria-label="Services, worst first">
          <TableHead>
            <TableRow>
              <TableCell>Status</TableCell>
              <TableCell>Service</TableCell>
              <TableCell>Team</TableCell>
              <TableCell>System</TableCell>
              <TableCell>ArgoCD</TableCell>
              <TableCell>Kubernetes</TableCell>
              <TableCell>Alerts</TableCell>
              <TableCell>Error ratio</TableCell>
              <TableCell>Last deployment ({environment})</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(({ service, overall }) => (
              <TableRow key={service.entityRef} data-status={overall}>
                <TableCell>
                  <ToneChip
                    tone={OVERALL_PRESENTATION[overall].tone}
                    label={OVERALL_PRESENTATION[overall].label}
                  />
                </TableCell>
                <TableCell component="th" scope="row" role="rowheader">
                  <EntityRefLink
                    entityRef={service.entityRef}
                    title={service.title ?? service.name}
                  />
                </TableCell>
                <TableCell>
                  {service.owner ? (
                    <EntityRefLink
                      entityRef={service.owner}
                      defaultKind="group"
                    />
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  {service.system ? (
                    <EntityRefLink
                      entityRef={service.system}
                      defaultKind="system"
                    />
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  <SourceCell result={service.argo}>
                    {value => <ArgoCell value={value} />}
                  </SourceCell>
                </TableCell>
                <TableCell>
                  <SourceCell result={service.kubernetes}>
                    {value => <ReadinessCell value={value} />}
                  </SourceCell>
                </TableCell>
                <TableCell>
                  <SourceCell result={service.alerts}>
                    {value => <AlertsCell value={value} />}
                  </SourceCell>
                </TableCell>
                <TableCell>
                  <SourceCell result={service.errorRatio}>
                    {value => <ErrorRatioCell value={value} />}
                  </SourceCell>
                </TableCell>
                <TableCell>
                  <SourceCell result={service.lastDeployment}>
                    {value => <LastDeploymentCell value={value} />}
                  </SourceCell>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    );
  }

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Grid container alignItems="center" wrap="nowrap">
            <Grid item xs>
              <Box
                display="flex"
                flexWrap="wrap"
                style={{ gap: 16 }}
                role="group"
                aria-label="Filters"
              >
                <FilterSelect
                  label="Team"
                  value={team ?? ''}
                  options={[
                    { value: '', label: 'All teams' },
                    ...(teams.value ?? []),
                  ]}
                  onChange={setTeam}
                  error={teams.error ? 'Could not load the teams' : undefined}
                />
                <FilterSelect
                  label="System"
                  value={system ?? ''}
                  options={systemOptions}
                  onChange={setSystem}
                />
                <FilterSelect
                  label="Environment"
                  value={environment}
                  options={ENVIRONMENT_OPTIONS}
                  onChange={setEnvironment}
                />
              </Box>
            </Grid>
            <Grid item>
              <RefreshButton label="Refresh status" onClick={status.retry} />
            </Grid>
          </Grid>
        </Grid>
        <Grid item xs={12}>
          <SectionCard
            title="Services"
            subheader={
              status.value
                ? `${counts.critical} critical, ${counts.warning} warning, ${counts.healthy} OK`
                : undefined
            }
          >
            {body}
          </SectionCard>
        </Grid>
      </Grid>
    </Content>
  );
}
