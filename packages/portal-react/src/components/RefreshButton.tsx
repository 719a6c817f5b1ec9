import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import RefreshIcon from '@material-ui/icons/Refresh';

/** An icon button that reloads what the view shows. */
export function RefreshButton(props: { label: string; onClick(): void }) {
  return (
    <Tooltip title={props.label}>
      <IconButton aria-label={props.label} onClick={props.onClick}>
        <RefreshIcon />
      </IconButton>
    </Tooltip>
  );
}
