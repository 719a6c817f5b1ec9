import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { DEPLOYMENT_STATUSES } from '@internal/plugin-deployments-common';
import {
  FilterOption,
  FilterSelect,
  useTeamOptions,
} from '@internal/portal-react';
import { STANDARD_ENVIRONMENTS, sortEnvironments } from '../../environments';
import { deploymentStatusLabel } from '../shared/DeploymentStatusChip';
import { TIME_RANGES } from './timeRanges';
import {
  DeploymentsPageFilters,
  DeploymentsPageFilterSetters,
} from './useDeploymentsPageFilters';

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    '& > *': { minWidth: 180 },
  },
}));

const STATUS_OPTIONS: FilterOption[] = [
  { value: '', label: 'All statuses' },
  ...DEPLOYMENT_STATUSES.map(status => ({
    value: status,
    label: deploymentStatusLabel(status),
  })),
];

const TIME_RANGE_OPTIONS: FilterOption[] = TIME_RANGES.map(range => ({
  value: range.value,
  label: range.label,
}));

/** Keeps a value that came from a link selectable before its list loads. */
function withSelected(
  options: FilterOption[],
  selected: string | undefined,
  label: (value: string) => string,
): FilterOption[] {
  if (!selected || options.some(option => option.value === selected)) {
    return options;
  }
  return [...options, { value: selected, label: label(selected) }];
}

function teamLabel(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
}

export interface DeploymentFiltersProps {
  filters: DeploymentsPageFilters;
  onChange: DeploymentsPageFilterSetters;
}

/** Team, environment, status and time range of the deployments page. */
export function DeploymentFilters(props: DeploymentFiltersProps) {
  const classes = useStyles();
  const { filters, onChange } = props;
  const teams = useTeamOptions();

  const teamOptions = withSelected(
    [{ value: '', label: 'All teams' }, ...(teams.value ?? [])],
    filters.team,
    teamLabel,
  );
  const environmentOptions = [
    { value: '', label: 'All environments' },
    ...sortEnvironments(
      filters.environment
        ? [...STANDARD_ENVIRONMENTS, filters.environment]
        : STANDARD_ENVIRONMENTS,
    ).map(environment => ({ value: environment, label: environment })),
  ];

  return (
    <Box role="group" aria-label="Filters" className={classes.filters}>
      <FilterSelect
        label="Team"
        value={filters.team ?? ''}
        options={teamOptions}
        onChange={onChange.team}
        disabled={teams.loading}
        error={teams.error && 'Could not load the teams'}
      />
      <FilterSelect
        label="Environment"
        value={filters.environment ?? ''}
        options={environmentOptions}
        onChange={onChange.environment}
      />
      <FilterSelect
        label="Status"
        value={filters.status ?? ''}
        options={STATUS_OPTIONS}
        onChange={onChange.status}
      />
      <FilterSelect
        label="Time range"
        value={filters.timeRange.value}
        options={TIME_RANGE_OPTIONS}
        onChange={onChange.timeRange}
      />
    </Box>
  );
}
