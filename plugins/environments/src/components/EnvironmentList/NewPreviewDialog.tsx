import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { Environment } from '@internal/plugin-environments-common';
import { FormEvent, useId, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  ErrorAlert,
  SubmitButton,
  useTeamOptions,
} from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import {
  DEFAULT_PREVIEW_TTL,
  PREVIEW_TTL_OPTIONS,
  previewNameError,
} from '../../previews';

const NAME_HELP =
  'Lowercase letters, digits and hyphens; it names the namespace and hosts.';

export interface NewPreviewDialogProps {
  /** Names already taken, by any environment. */
  existingNames: string[];
  onClose(): void;
  onCreated(environment: Environment): void;
}

/** Creates a preview environment with a name, an owning team and a TTL. */
export function NewPreviewDialog(props: NewPreviewDialogProps) {
  const { existingNames, onClose, onCreated } = props;
  const api = useApi(environmentsApiRef);
  const teams = useTeamOptions();
  const titleId = useId();
  // Ties each field to its label and helper text.
  const fieldId = useId();
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [ttl, setTtl] = useState<string>(DEFAULT_PREVIEW_TTL);
  // Errors show once a field was left, or on trying to create.
  const [touched, setTouched] = useState({ name: false, owner: false });

  const nameError = previewNameError(name, existingNames);
  const ownerError = owner ? undefined : 'Choose the team that owns it.';

  const [state, create] = useAsyncFn(async () => {
    const environment = await api.createPreviewEnvironment({
      name,
      tier: 'preview',
      ttl,
      owner,
    });
    onCreated(environment);
    onClose();
  }, [api, name, ttl, owner, onCreated, onClose]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ name: true, owner: true });
    if (!nameError && !ownerError) {
      create();
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
        <DialogTitle id={titleId}>New preview environment</DialogTitle>
        <DialogContent>
          <TextField
            id={`${fieldId}-name`}
            label="Name"
            value={name}
            onChange={event => setName(event.target.value.trim())}
            onBlur={() => setTouched(t => ({ ...t, name: true }))}
            error={touched.name && Boolean(nameError)}
            helperText={(touched.name && nameError) || NAME_HELP}
            required
            fullWidth
            margin="normal"
            variant="outlined"
            inputProps={{ autoComplete: 'off', spellCheck: false }}
          />
          <TextField
            id={`${fieldId}-owner`}
            select
            label="Owner"
            value={owner}
            onChange={event => setOwner(event.target.value)}
            onBlur={() => setTouched(t => ({ ...t, owner: true }))}
            error={touched.owner && (Boolean(ownerError) || !!teams.error)}
            helperText={
              (teams.error && 'Could not load the teams') ||
              (touched.owner && ownerError) ||
              'The team answerable for it and its cost.'
            }
            disabled={teams.loading}
            required
            fullWidth
            margin="normal"
            variant="outlined"
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            <option value="" disabled>
              Choose a team
            </option>
            {(teams.value ?? []).map(team => (
              <option key={team.value} value={team.value}>
                {team.label}
              </option>
            ))}
          </TextField>
          <TextField
            id={`${fieldId}-time-to-live`}
            select
            label="Time to live"
            value={ttl}
            onChange={event => setTtl(event.target.value)}
            helperText="It is torn down after that, unless extended."
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
          {state.error && <ErrorAlert error={state.error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <SubmitButton type="submit" busy={state.loading}>
            Create
          </SubmitButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}
