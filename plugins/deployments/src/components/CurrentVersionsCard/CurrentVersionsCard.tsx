import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { CurrentDeployment } from '@internal/plugin-deployments-common';
import { ActorLink, RelativeTime } from '@internal/portal-react';
import { useCurrentDeployments } from '../../hooks/useCurrentDeployments';
import { DeploymentStatusChip } from '../shared/DeploymentStatusChip';

const TITLE = 'Current versions';

function CurrentVersionsTable(props: { items: CurrentDeployment[] }) {
  return (
    <Table size="small" aria-label={TITLE}>
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Deployed</TableCell>
          <TableCell>By</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(item => (
          <TableRow key={item.environment}>
            {/* MUI marks body cells role="cell"; this one heads its row. */}
            <TableCell component="th" scope="row" role="rowheader">
              {item.environment}
            </TableCell>
            <TableCell>{item.version}</TableCell>
            <TableCell>
              <DeploymentStatusChip status={item.deployment.status} />
            </TableCell>
            <TableCell>
              <RelativeTime timestamp={item.deployedAt} />
            </TableCell>
            <TableCell>
              <ActorLink actor={item.deployment.triggeredBy} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function CurrentVersionsCardContent() {
  const { entity } = useEntity();
  const { value, loading, error } = useCurrentDeployments(
    stringifyEntityRef(entity),
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value?.length) {
    return (
      <Typography>
        Nothing deployed yet. Versions appear here once CI or Argo CD reports a
        successful deployment.
      </Typography>
    );
  }
  return <CurrentVersionsTable items={value} />;
}

/** The version running in each environment, on a component's overview. */
export function CurrentVersionsCard() {
  return (
    <InfoCard title={TITLE}>
      <CurrentVersionsCardContent />
    </InfoCard>
  );
}
