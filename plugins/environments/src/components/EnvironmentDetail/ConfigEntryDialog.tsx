import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { ConfigEntry } from '@internal/plugin-environments-common';
import { FormEvent, useId, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ErrorAlert, SubmitButton } from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { configKeyError, configValueError } from '../../config';

export interface ConfigEntryDialogProps {
  environment: string;
  /** The entry to edit; a new one is added without. */
  entry?: ConfigEntry;
  /** Keys already set, which a new entry cannot take. */
  existingKeys: string[];
  onClose(): void;
  onSaved(entry: ConfigEntry): void;
}

/**
 * Adds or edits a configuration entry. A secret's value is never shown, not
 * even here: editing one means entering a new value.
 */
export function ConfigEntryDialog(props: ConfigEntryDialogProps) {
  const { environment, entry, existingKeys, onClose, onSaved } = props;
  const api = useApi(environmentsApiRef);
  const titleId = useId();
  // Ties each field to its label and helper text.
  const fieldId = useId();
  const secretHelpId = useId();
  const [key, setKey] = useState(entry?.key ?? '');
  const [value, setValue] = useState(entry && !entry.secret ? entry.value : '');
  const [secret, setSecret] = useState(entry?.secret ?? false);
  const [submitted, setSubmitted] = useState(false);

  const keyError = entry ? undefined : configKeyError(key, existingKeys);
  // An empty secret is a mistake, and the value of an existing secret is
  // unknown here: it has to be entered to keep or to reveal it.
  const valueRequired = secret || Boolean(entry?.secret);
  const valueError =
    valueRequired && !value
      ? 'Enter the value. Secret values are never shown, so even an unchanged one has to be entered again.'
      : configValueError(value);

  const [state, save] = useAsyncFn(async () => {
    const saved = await api.putConfigEntry(environment, key, {
      value,
      secret,
    });
    onSaved(saved);
    onClose();
  }, [api, environment, key, value, secret, onSaved, onClose]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!keyError && !valueError) {
      save();
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
        <DialogTitle id={titleId}>
          {entry ? `Edit ${entry.key}` : 'Add configuration entry'}
        </DialogTitle>
        <DialogContent>
          <TextField
            id={`${fieldId}-key`}
            label="Key"
            value={key}
            onChange={event => setKey(event.target.value.trim())}
            error={submitted && Boolean(keyError)}
            helperText={
              (submitted && keyError) || 'For example DATABASE_URL or log.level'
            }
            disabled={Boolean(entry)}
            required
            fullWidth
            margin="normal"
            variant="outlined"
            inputProps={{ autoComplete: 'off', spellCheck: false }}
          />
          <TextField
            id={`${fieldId}-value`}
            label="Value"
            value={value}
            onChange={event => setValue(event.target.value)}
            error={submitted && Boolean(valueError)}
            helperText={
              (submitted && valueError) ||
              (entry?.secret
                ? 'The current value is never shown. Enter the new one.'
                : undefined)
            }
            // Typed secrets stay masked on screen, like stored ones.
            type={secret ? 'password' : 'text'}
            required={valueRequired}
            fullWidth
            margin="normal"
            variant="outlined"
            inputProps={{
              autoComplete: secret ? 'new-password' : 'off',
              spellCheck: false,
            }}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={secret}
                onChange={event => setSecret(event.target.checked)}
                inputProps={{ 'aria-describedby': secretHelpId }}
              />
            }
            label="Secret"
          />
          <FormHelperText id={secretHelpId}>
            Secrets are encrypted at rest and never shown again, here or in the
            audit trail.
          </FormHelperText>
          {state.error && <ErrorAlert error={state.error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <SubmitButton type="submit" busy={state.loading}>
            Save
          </SubmitButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}
