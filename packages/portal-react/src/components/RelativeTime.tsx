import Tooltip from '@material-ui/core/Tooltip';
import { formatDateTime, formatRelativeTime } from '../format';

/** "3 hours ago", with the exact date and time on hover. */
export function RelativeTime(props: { timestamp: string }) {
  return (
    <Tooltip title={formatDateTime(props.timestamp)}>
      <time dateTime={props.timestamp}>
        {formatRelativeTime(props.timestamp)}
      </time>
    </Tooltip>
  );
}
