import { Content } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useCallback, useState } from 'react';
import { useSearchParam } from '@internal/portal-react';
import { useEnvironments, useMatrix } from '../../hooks/useEnvironments';
import { PromotionCandidate } from '../../matrix';
import { EnvironmentListSection } from '../EnvironmentList';
import { PromoteDialog } from '../PromoteDialog';
import { MatrixSection } from '../VersionMatrix';

/**
 * The /environments page: what runs where, filtered by team, with
 * promotions; and the environments, with preview environments to create.
 */
export function EnvironmentsOverview() {
  const [team, setTeam] = useSearchParam('team');
  const environments = useEnvironments();
  const matrix = useMatrix(team);
  const [candidate, setCandidate] = useState<PromotionCandidate>();
  const closePromotion = useCallback(() => setCandidate(undefined), []);
  const reloadMatrix = matrix.retry;

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <MatrixSection
            team={team}
            onTeamChange={setTeam}
            matrix={matrix}
            environments={environments.value}
            onPromote={setCandidate}
          />
        </Grid>
        <Grid item xs={12}>
          <EnvironmentListSection environments={environments} />
        </Grid>
      </Grid>
      {candidate && (
        <PromoteDialog
          candidate={candidate}
          onClose={closePromotion}
          onPromoted={reloadMatrix}
        />
      )}
    </Content>
  );
}
