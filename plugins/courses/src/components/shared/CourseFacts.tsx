import { CourseSummary } from '@internal/plugin-courses-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { formatDuration, humanize } from '../../format';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
}));

/** A course's level, category and duration, as a list of chips. */
export function CourseFacts(props: {
  course: Pick<CourseSummary, 'level' | 'category' | 'estimatedMinutes'>;
}) {
  const classes = useStyles();
  const { level, category, estimatedMinutes } = props.course;
  return (
    <ul className={classes.facts} aria-label="Course facts">
      <li>
        <Chip size="small" color="primary" label={humanize(level)} />
      </li>
      <li>
        <Chip size="small" variant="outlined" label={humanize(category)} />
      </li>
      <li>
        <Chip
          size="small"
          variant="outlined"
          icon={<ScheduleIcon />}
          label={formatDuration(estimatedMinutes)}
        />
      </li>
    </ul>
  );
}
