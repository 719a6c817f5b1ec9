import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Environment } from '@internal/plugin-environments-common';
import { useId, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ErrorAlert, RelativeTime, SubmitButton } from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { addDuration } from '../../format';
import { DEFAULT_PREVIEW_TTL, PREVIEW_TTL_OPTIONS } from '../../previews';

export interface ExtendPreviewDialogProps {
  environment: Environment;
  onClose(): void;
  onExtended(environment: Environment): void;
}

/** Adds 24 hours, 72 hours or 7 days to a preview's expiry. */
export function ExtendPreviewDialog(props: ExtendPreviewDialogProps) {
  const { environment, onClose, onExtended } = props;
  const api = useApi(environmentsApiRef);
  const titleId = useId();
  // Ties each field to its label and helper text.
  const fieldId = useId();
  const [ttl, setTtl] = useState<string>(DEFAULT_PREVIEW_TTL);
  const [state, extend] = useAsyncFn(async () => {
    onExtended(await api.extendEnvironment(environment.name, ttl));
    onClose();
  }, [api, environment.name, ttl, onExtended, onClose]);

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs">
      <DialogTitle id={titleId}>Extend {environment.name}</DialogTitle>
      <DialogContent>
        <TextField
          id={`${fieldId}-add`}
          select
          label="Add"
          value={ttl}
          onChange={event => setTtl(event.target.value)}
          fullWidth
          margin="normal"
          variant="outlined"
          SelectProps={{ native: true }}
        >
          {PREVIEW_TTL_OPTIONS.map(option => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </TextField>
        {environment.expiresAt && (
          <Typography variant="body2">
            Expires <RelativeTime timestamp={environment.expiresAt} />; after
            extending,{' '}
            <RelativeTime timestamp={addDuration(environment.expiresAt, ttl)} />
            .
          </Typography>
        )}
        {state.error && <ErrorAlert error={state.error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <SubmitButton busy={state.loading} onClick={extend}>
          Extend
        </SubmitButton>
      </DialogActions>
    </Dialog>
  );
}
