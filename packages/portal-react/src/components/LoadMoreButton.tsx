import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';

export interface LoadMoreButtonProps {
  onClick(): void;
  /** While the next page loads: disabled, with a spinner. */
  loading?: boolean;
}

/** "Load more" below a paged list, centred. */
export function LoadMoreButton(props: LoadMoreButtonProps) {
  return (
    <Box display="flex" justifyContent="center" mt={2}>
      <Button
        variant="outlined"
        onClick={props.onClick}
        disabled={props.loading}
        startIcon={
          props.loading ? <CircularProgress size={16} aria-hidden /> : undefined
        }
      >
        Load more
      </Button>
    </Box>
  );
}
