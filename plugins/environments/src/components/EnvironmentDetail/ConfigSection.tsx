import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import LockIcon from '@material-ui/icons/Lock';
import {
  ConfigEntry,
  Environment,
  environmentConfigWritePermission,
} from '@internal/plugin-environments-common';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  ActorLink,
  ConfirmDialog,
  RelativeTime,
  SectionCard,
  ToneChip,
} from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { displayedValue } from '../../config';
import { configWriteDeniedReason } from '../../permissions';
import { DisabledWithReason } from '../shared/DisabledWithReason';
import { VisuallyHidden } from '../shared/VisuallyHidden';
import { ConfigEntryDialog } from './ConfigEntryDialog';

const useStyles = makeStyles(theme => ({
  value: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    '& code': { overflowWrap: 'anywhere' },
  },
  actions: {
    whiteSpace: 'nowrap',
  },
}));

type OpenDialog =
  | { kind: 'add' }
  | { kind: 'edit'; entry: ConfigEntry }
  | { kind: 'delete'; entry: ConfigEntry };

function ConfigTable(props: {
  environment: string;
  entries: ConfigEntry[];
  onEdit?(entry: ConfigEntry): void;
  onDelete?(entry: ConfigEntry): void;
}) {
  const classes = useStyles();
  const { onEdit, onDelete } = props;
  return (
    <Table size="small" aria-label={`Configuration of ${props.environment}`}>
      <TableHead>
        <TableRow>
          <TableCell>Key</TableCell>
          <TableCell>Value</TableCell>
          <TableCell>Updated</TableCell>
          {(onEdit || onDelete) && (
            <TableCell>
              <VisuallyHidden>Actions</VisuallyHidden>
            </TableCell>
          )}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.entries.map(entry => (
          <TableRow key={entry.key}>
            <TableCell component="th" scope="row" role="rowheader">
              <code>{entry.key}</code>
            </TableCell>
            <TableCell>
              <div className={classes.value}>
                <code>{displayedValue(entry)}</code>
                {entry.secret && (
                  <ToneChip
                    tone="neutral"
                    label="Secret"
                    icon={<LockIcon aria-hidden />}
                  />
                )}
              </div>
            </TableCell>
            <TableCell>
              <RelativeTime timestamp={entry.updatedAt} /> by{' '}
              <ActorLink actor={entry.updatedBy} />
            </TableCell>
            {(onEdit || onDelete) && (
              <TableCell className={classes.actions} align="right">
                {onEdit && (
                  <Tooltip title="Edit">
                    <IconButton
                      size="small"
                      aria-label={`Edit ${entry.key}`}
                      onClick={() => onEdit(entry)}
                    >
                      <EditIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                )}
                {onDelete && (
                  <Tooltip title="Delete">
                    <IconButton
                      size="small"
                      aria-label={`Delete ${entry.key}`}
                      onClick={() => onDelete(entry)}
                    >
                      <DeleteIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export interface ConfigSectionProps {
  environment: Environment;
  /** After an entry was saved or deleted. */
  onChange(): void;
}

/**
 * An environment's configuration, secrets masked, with add, edit, delete
 * for those who may change it (asked of the backend for this environment);
 * others see why not.
 */
export function ConfigSection(props: ConfigSectionProps) {
  const { onChange } = props;
  const environment = props.environment.name;
  const api = useApi(environmentsApiRef);
  const alertApi = useApi(alertApiRef);
  const writePermission = usePermission({
    permission: environmentConfigWritePermission,
    resourceRef: environment,
  });
  const canWrite = writePermission.allowed;
  const deniedReason =
    writePermission.loading || canWrite
      ? undefined
      : configWriteDeniedReason(props.environment);
  const config = useAsyncRetry(
    async () => (await api.getConfig(environment)).items,
    [api, environment],
  );
  const [dialog, setDialog] = useState<OpenDialog>();
  const closeDialog = useCallback(() => setDialog(undefined), []);
  const reload = config.retry;

  const onSaved = useCallback(
    (entry: ConfigEntry) => {
      alertApi.post({
        message: `Saved ${entry.key}.`,
        severity: 'success',
        display: 'transient',
      });
      reload();
      onChange();
    },
    [alertApi, reload, onChange],
  );
  const deleteEntry = useCallback(
    async (entry: ConfigEntry) => {
      await api.deleteConfigEntry(environment, entry.key);
      reload();
      onChange();
    },
    [api, environment, reload, onChange],
  );

  let content;
  if (config.error) {
    content = <ResponseErrorPanel error={config.error} />;
  } else if (!config.value) {
    content = <Progress />;
  } else if (config.value.length === 0) {
    content = <Typography>No configuration yet.</Typography>;
  } else {
    content = (
      <ConfigTable
        environment={environment}
        entries={config.value}
        onEdit={
          canWrite ? entry => setDialog({ kind: 'edit', entry }) : undefined
        }
        onDelete={
          canWrite ? entry => setDialog({ kind: 'delete', entry }) : undefined
        }
      />
    );
  }

  return (
    <SectionCard
      title="Configuration"
      subheader="What the environment's workloads read. Secret values are never shown."
      action={
        <DisabledWithReason reason={deniedReason}>
          <Button
            color="primary"
            startIcon={<AddIcon aria-hidden />}
            disabled={!canWrite}
            onClick={() => setDialog({ kind: 'add' })}
          >
            Add entry
          </Button>
        </DisabledWithReason>
      }
    >
      {content}
      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <ConfigEntryDialog
          environment={environment}
          entry={dialog.kind === 'edit' ? dialog.entry : undefined}
          existingKeys={(config.value ?? []).map(entry => entry.key)}
          onClose={closeDialog}
          onSaved={onSaved}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${dialog.entry.key}?`}
          confirmLabel="Delete"
          onConfirm={() => deleteEntry(dialog.entry)}
          onClose={closeDialog}
        >
          <Typography>
            Workloads in {environment} no longer get {dialog.entry.key} once
            they restart.
          </Typography>
        </ConfirmDialog>
      )}
    </SectionCard>
  );
}
