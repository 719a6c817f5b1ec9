import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useId } from 'react';
import { errorMessage, errorStatus } from '../errors';

function titleOf(status: number | undefined): string {
  switch (status) {
    case 403:
      return 'Not allowed';
    case 404:
      return 'Not found';
    case 409:
      return 'Refused';
    default:
      return 'Something went wrong';
  }
}

export interface ErrorAlertProps {
  error: Error;
  /** Overrides the title derived from the HTTP status. */
  title?: string;
}

/** Why a change failed, in the backend's words, inside a dialog or card. */
export function ErrorAlert(props: ErrorAlertProps) {
  const titleId = useId();
  return (
    <Box mt={2}>
      <Alert severity="error" aria-labelledby={titleId}>
        <AlertTitle id={titleId}>
          {props.title ?? titleOf(errorStatus(props.error))}
        </AlertTitle>
        {errorMessage(props.error)}
      </Alert>
    </Box>
  );
}
