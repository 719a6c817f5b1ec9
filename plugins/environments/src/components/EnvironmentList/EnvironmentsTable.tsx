import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Environment,
  environmentDeletePermission,
  environmentExtendPermission,
} from '@internal/plugin-environments-common';
import { RelativeTime } from '@internal/portal-react';
import { extendDeniedReason, tearDownDeniedReason } from '../../permissions';
import { environmentRouteRef } from '../../routes';
import { DisabledWithReason } from '../shared/DisabledWithReason';
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
  /** Offered for previews only, to those who may. */
  onExtend(environment: Environment): void;
  onTearDown(environment: Environment): void;
}

/**
 * Extend and tear down of one preview, each asked of the backend for this
 * preview (its owners and admins may); disabled with why for anyone else.
 */
function PreviewActions(props: {
  environment: Environment;
  onExtend(environment: Environment): void;
  onTearDown(environment: Environment): void;
}) {
  const { environment, onExtend, onTearDown } = props;
  const tearingDown = environment.status === 'tearing_down';
  const extend = usePermission({
    permission: environmentExtendPermission,
    resourceRef: environment.name,
  });
  const tearDown = usePermission({
    permission: environmentDeletePermission,
    resourceRef: environment.name,
  });
  const denied = (permission: typeof extend, reason: string) =>
    !permission.loading && !permission.allowed ? reason : undefined;
  return (
    <>
      <DisabledWithReason
        reason={denied(extend, extendDeniedReason(environment))}
      >
        <Button
          size="small"
          disabled={tearingDown || !extend.allowed}
          aria-label={`Extend ${environment.name}`}
          onClick={() => onExtend(environment)}
        >
          Extend
        </Button>
      </DisabledWithReason>
      <DisabledWithReason
        reason={denied(tearDown, tearDownDeniedReason(environment))}
      >
        <Button
          size="small"
          disabled={tearingDown || !tearDown.allowed}
          aria-label={`Tear down ${environment.name}`}
          onClick={() => onTearDown(environment)}
        >
          Tear down
        </Button>
      </DisabledWithReason>
    </>
  );
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
                {environment.origin === 'preview' && (
                  <PreviewActions
                    environment={environment}
                    onExtend={onExtend}
                    onTearDown={onTearDown}
                  />
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
