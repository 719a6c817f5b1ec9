import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import { environmentRouteRef } from '../../routes';
import { MatrixColumn } from '../../matrix';
import { LockBadge } from '../shared/LockBadge';
import { TierChip } from '../shared/TierChip';

const useStyles = makeStyles(theme => ({
  heading: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
}));

/** An environment's name, linked to its page, with its tier and lock. */
export function EnvironmentHeading(props: { column: MatrixColumn }) {
  const classes = useStyles();
  const environmentLink = useRouteRef(environmentRouteRef);
  const { name, environment } = props.column;
  return (
    <div className={classes.heading}>
      {environmentLink ? (
        <Link to={environmentLink({ name })}>{name}</Link>
      ) : (
        name
      )}
      {environment && (
        <div className={classes.chips}>
          <TierChip tier={environment.tier} />
          {environment.lock && <LockBadge lock={environment.lock} />}
        </div>
      )}
    </div>
  );
}
