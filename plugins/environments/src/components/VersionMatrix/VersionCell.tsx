import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { MatrixCell } from '@internal/plugin-environments-common';
import { RelativeTime } from '@internal/portal-react';
import { PromotionCandidate } from '../../matrix';
import { DeploymentStatusChip } from '../shared/DeploymentStatusChip';
import { DriftBadge } from '../shared/DriftBadge';
import { PromoteButton } from './PromoteButton';

const useStyles = makeStyles(theme => ({
  cell: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
  version: {
    fontWeight: theme.typography.fontWeightBold as number,
    wordBreak: 'break-all',
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
}));

export interface VersionCellProps {
  /** What runs in the environment; undefined if the service never did. */
  cell?: MatrixCell;
  /** What the cell offers to promote to the next environment, if anything. */
  candidate?: PromotionCandidate;
  onPromote(candidate: PromotionCandidate): void;
}

/** A service's version in one environment: when, how it went, drift. */
export function VersionCell(props: VersionCellProps) {
  const classes = useStyles();
  const { cell, candidate, onPromote } = props;
  if (!cell) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not deployed
      </Typography>
    );
  }
  return (
    <div className={classes.cell}>
      <Typography variant="body2" component="span" className={classes.version}>
        {cell.version}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        <RelativeTime timestamp={cell.deployedAt} />
      </Typography>
      <div className={classes.chips}>
        <DeploymentStatusChip status={cell.status} />
        {cell.drift && <DriftBadge reason={cell.driftReason} />}
      </div>
      {candidate && (
        <PromoteButton candidate={candidate} onPromote={onPromote} />
      )}
    </div>
  );
}
