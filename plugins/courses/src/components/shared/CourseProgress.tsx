import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { formatPercent } from '../../format';

export interface CourseProgressProps {
  /** From 0 to 1. */
  progress: number;
  /** Names the bar for screen readers, e.g. "Progress in Portal basics". */
  label: string;
}

/** A progress bar with its percentage written next to it. */
export function CourseProgress(props: CourseProgressProps) {
  const percent = formatPercent(props.progress);
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <Box flexGrow={1}>
        <LinearProgress
          variant="determinate"
          value={Math.round(props.progress * 100)}
          aria-label={props.label}
          aria-valuetext={percent}
        />
      </Box>
      <Typography variant="body2" color="textSecondary">
        {percent}
      </Typography>
    </Box>
  );
}
