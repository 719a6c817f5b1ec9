import { parseEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { Environment } from '@internal/plugin-environments-common';
import { useMemo } from 'react';
import {
  FilterOption,
  FilterSelect,
  RefreshButton,
  SectionCard,
  useTeamOptions,
} from '@internal/portal-react';
import { useMatrix } from '../../hooks/useEnvironments';
import { matrixColumns, PromotionCandidate } from '../../matrix';
import { VersionMatrix } from './VersionMatrix';

function teamLabel(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
}

/** The team filter: every group, and the selected one even before they load. */
function TeamFilter(props: {
  team?: string;
  onChange(team: string | undefined): void;
}) {
  const teams = useTeamOptions();
  const options: FilterOption[] = [
    { value: '', label: 'All teams' },
    ...(teams.value ?? []),
  ];
  if (props.team && !options.some(option => option.value === props.team)) {
    options.push({ value: props.team, label: teamLabel(props.team) });
  }
  return (
    <FilterSelect
      label="Team"
      value={props.team ?? ''}
      options={options}
      onChange={props.onChange}
      disabled={teams.loading}
      error={teams.error && 'Could not load the teams'}
    />
  );
}

export interface MatrixSectionProps {
  /** The group whose services to show; all services when undefined. */
  team?: string;
  onTeamChange(team: string | undefined): void;
  /** For the tiers and locks of the columns; the matrix shows without them. */
  environments?: Environment[];
  matrix: ReturnType<typeof useMatrix>;
  onPromote(candidate: PromotionCandidate): void;
}

/** The version matrix, filtered by team, in a card. */
export function MatrixSection(props: MatrixSectionProps) {
  const { team, matrix, environments } = props;
  const columns = useMemo(
    () => matrixColumns(matrix.value?.environments ?? [], environments ?? []),
    [matrix.value, environments],
  );

  let content;
  if (matrix.error) {
    content = <ResponseErrorPanel error={matrix.error} />;
  } else if (!matrix.value) {
    content = <Progress />;
  } else if (matrix.value.rows.length === 0) {
    content = (
      <Typography>
        {team
          ? `${teamLabel(team)} owns no services with deployments.`
          : 'No services have deployments yet.'}
      </Typography>
    );
  } else {
    content = (
      <VersionMatrix
        columns={columns}
        rows={matrix.value.rows}
        onPromote={props.onPromote}
      />
    );
  }

  return (
    <SectionCard
      title="Versions"
      subheader="What runs where. Promote a version to the next environment from its cell."
      action={<RefreshButton label="Refresh versions" onClick={matrix.retry} />}
    >
      <Box role="group" aria-label="Filters" mb={2}>
        <TeamFilter team={team} onChange={props.onTeamChange} />
      </Box>
      {/* Reloading, e.g. for another team: the previous matrix stays meanwhile. */}
      {matrix.loading && matrix.value && (
        <LinearProgress aria-label="Loading versions" />
      )}
      {content}
    </SectionCard>
  );
}
