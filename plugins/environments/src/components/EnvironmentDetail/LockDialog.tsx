import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { EnvironmentLock } from '@internal/plugin-environments-common';
import { FormEvent, useId, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ErrorAlert, SubmitButton } from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { isoToLocalInput, localInputToIso } from '../../format';

const MAX_REASON_LENGTH = 1024;

/** Why the lock cannot be created as entered, field by field. */
export function lockErrors(
  reason: string,
  until: string,
  now: Date = new Date(),
): { reason?: string; until?: string } {
  const errors: { reason?: string; until?: string } = {};
  if (!reason.trim()) {
    errors.reason = 'Say why, so that others know when to expect the lift.';
  } else if (reason.length > MAX_REASON_LENGTH) {
    errors.reason = `Use at most ${MAX_REASON_LENGTH} characters.`;
  }
  if (until) {
    const iso = localInputToIso(until);
    if (!iso) {
      errors.until = 'Enter a date and time.';
    } else if (Date.parse(iso) <= now.getTime()) {
      errors.until = 'Choose a moment in the future.';
    }
  }
  return errors;
}

export interface LockDialogProps {
  environment: string;
  onClose(): void;
  onLocked(lock: EnvironmentLock): void;
}

/** Locks an environment against promotions, until a time or until lifted. */
export function LockDialog(props: LockDialogProps) {
  const { environment, onClose, onLocked } = props;
  const api = useApi(environmentsApiRef);
  const titleId = useId();
  // Ties each field to its label and helper text.
  const fieldId = useId();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const errors = lockErrors(reason, until);

  const [state, lock] = useAsyncFn(async () => {
    onLocked(
      await api.createLock({
        environment,
        reason: reason.trim(),
        until: localInputToIso(until),
      }),
    );
    onClose();
  }, [api, environment, reason, until, onLocked, onClose]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!errors.reason && !errors.until) {
      lock();
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={titleId}>Lock {environment}</DialogTitle>
        <DialogContent>
          <TextField
            id={`${fieldId}-reason`}
            label="Reason"
            value={reason}
            onChange={event => setReason(event.target.value)}
            error={submitted && Boolean(errors.reason)}
            helperText={
              (submitted && errors.reason) ||
              'Shown to everyone whose promotion it refuses.'
            }
            required
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            variant="outlined"
          />
          <TextField
            id={`${fieldId}-until`}
            label="Until"
            type="datetime-local"
            value={until}
            onChange={event => setUntil(event.target.value)}
            error={submitted && Boolean(errors.until)}
            helperText={
              (submitted && errors.until) ||
              'In your time zone. Leave empty to lock until someone lifts it.'
            }
            fullWidth
            margin="normal"
            variant="outlined"
            InputLabelProps={{ shrink: true }}
            inputProps={{ min: isoToLocalInput(new Date().toISOString()) }}
          />
          {state.error && <ErrorAlert error={state.error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <SubmitButton type="submit" busy={state.loading}>
            Lock
          </SubmitButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}
