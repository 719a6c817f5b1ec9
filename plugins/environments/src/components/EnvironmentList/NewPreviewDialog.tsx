import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import {
  Environment,
  environmentCreatePermission,
} from '@internal/plugin-environments-common';
import { FormEvent, useId, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  ErrorAlert,
  SubmitButton,
  useTeamOptions,
} from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { useServiceOptions } from '../../hooks/useServiceOptions';
import { CREATE_PREVIEW_DENIED_REASON } from '../../permissions';
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

const OWNER_HELP =
  "The team answerable for it and its cost: the service's, or another of yours.";

/**
 * Creates a preview environment of a service with a name, a TTL and,
 * unless it is the service's team, an owning team. Whether the user may
 * create previews of the chosen service is asked of the backend at once.
 */
export function NewPreviewDialog(props: NewPreviewDialogProps) {
  const { existingNames, onClose, onCreated } = props;
  const api = useApi(environmentsApiRef);
  const services = useServiceOptions();
  const teams = useTeamOptions();
  const titleId = useId();
  // Ties each field to its label and helper text.
  const fieldId = useId();
  const [service, setService] = useState('');
  const [name, setName] = useState('');
  // Empty: the service's owner.
  const [owner, setOwner] = useState('');
  const [ttl, setTtl] = useState<string>(DEFAULT_PREVIEW_TTL);
  // Errors show once a field was left, or on trying to create.
  const [touched, setTouched] = useState({ service: false, name: false });
  const createPermission = usePermission({
    permission: environmentCreatePermission,
    resourceRef: service || undefined,
  });

  const nameError = previewNameError(name, existingNames);
  let serviceError: string | undefined;
  if (!service) {
    serviceError = 'Choose the service to preview.';
  } else if (!createPermission.loading && !createPermission.allowed) {
    serviceError = CREATE_PREVIEW_DENIED_REASON;
  }
  // Known at once, not only once the field was left.
  const serviceDenied = Boolean(service) && Boolean(serviceError);

  const [state, create] = useAsyncFn(async () => {
    const environment = await api.createPreviewEnvironment({
      name,
      tier: 'preview',
      ttl,
      service,
      ...(owner && { owner }),
    });
    onCreated(environment);
    onClose();
  }, [api, name, ttl, service, owner, onCreated, onClose]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ service: true, name: true });
    if (!nameError && !serviceError) {
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
            id={`${fieldId}-service`}
            select
            label="Service"
            value={service}
            onChange={event => setService(event.target.value)}
            onBlur={() => setTouched(t => ({ ...t, service: true }))}
            error={
              ((touched.service || serviceDenied) && Boolean(serviceError)) ||
              !!services.error
            }
            helperText={
              (services.error && 'Could not load the services') ||
              ((touched.service || serviceDenied) && serviceError) ||
              'The service the preview runs; its team owns the preview.'
            }
            disabled={services.loading}
            required
            fullWidth
            margin="normal"
            variant="outlined"
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            <option value="" disabled>
              Choose a service
            </option>
            {(services.value ?? []).map(option => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </TextField>
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
            error={!!teams.error}
            helperText={
              (teams.error && 'Could not load the teams') || OWNER_HELP
            }
            disabled={teams.loading}
            fullWidth
            margin="normal"
            variant="outlined"
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            <option value="">The service&apos;s team</option>
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
          <SubmitButton
            type="submit"
            busy={state.loading}
            disabled={serviceDenied}
          >
            Create
          </SubmitButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}
