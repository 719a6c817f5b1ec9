import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Environment } from '@internal/plugin-environments-common';
import { RelativeTime } from '@internal/portal-react';
import { environmentRouteRef } from '../../routes';
import { EnvironmentStatusChip } from '../shared/EnvironmentStatusChip';
import { LockBadge } from '../shared/LockBadge';
import { TierChip } from '../shared/TierChip';
import { VisuallyHidden } from '../shared/VisuallyHidden';

const useStyles = makeStyles(theme => ({
  inline: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  actions: {
    whiteSpace: 'nowrap',
  },
}));

const ENVIRONMENTS_LABEL = 'Environments';

export interface EnvironmentsTableProps {
  environments: Environment[];
  /** Offered for previews only; undefined when not allowed. */
  onExtend?(environment: Environment): void;
  onTearDown?(environment: Environment): void;
}

/** Environments with tier, owner, status and, for previews, expiry. */
export function EnvironmentsTable(props: EnvironmentsTableProps) {
  const classes = useStyles();
  const environmentLink = useRouteRef(environmentRouteRef);
  const { onExtend, onTearDown } = props;
  return (
    <Table size="small" aria-label={ENVIRONMENTS_LABEL}>
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Tier</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Expires</TableCell>
          <TableCell>
            <VisuallyHidden>Actions</VisuallyHidden>
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.environments.map(environment => {
          const isPreview = environment.tier === 'preview';
          const tearingDown = environment.status === 'tearing_down';
          return (
            <TableRow key={environment.name}>
              <TableCell component="th" scope="row" role="rowheader">
                {environmentLink ? (
                  <Link to={environmentLink({ name: environment.name })}>
                    {environment.name}
                  </Link>
                ) : (
                  environment.name
                )}
                {environment.title && (
                  <Typography variant="caption" display="block">
                    {environment.title}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <TierChip tier={environment.tier} />
              </TableCell>
              <TableCell>
                <EntityRefLink
                  entityRef={environment.owner}
                  defaultKind="group"
                  hideIcon
                />
              </TableCell>
              <TableCell>
                <div className={classes.inline}>
                  <EnvironmentStatusChip status={environment.status} />
                  {environment.lock && <LockBadge lock={environment.lock} />}
                </div>
              </TableCell>
              <TableCell>
                {environment.expiresAt ? (
                  <RelativeTime timestamp={environment.expiresAt} />
                ) : (
                  <Typography variant="body2" color="textSecondary">
                    Never
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.actions} align="right">
                {isPreview && onExtend && (
                  <Button
                    size="small"
                    disabled={tearingDown}
                    aria-label={`Extend ${environment.name}`}
                    onClick={() => onExtend(environment)}
                  >
                    Extend
                  </Button>
                )}
                {isPreview && onTearDown && (
                  <Button
                    size="small"
                    disabled={tearingDown}
                    aria-label={`Tear down ${environment.name}`}
                    onClick={() => onTearDown(environment)}
                  >
                    Tear down
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
