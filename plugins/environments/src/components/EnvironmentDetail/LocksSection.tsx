import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import LockIcon from '@material-ui/icons/Lock';
import {
  EnvironmentLock,
  environmentLockPermission,
} from '@internal/plugin-environments-common';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  ActorLink,
  ConfirmDialog,
  RelativeTime,
  SectionCard,
} from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { formatShortDateTime } from '../../format';
import { VisuallyHidden } from '../shared/VisuallyHidden';
import { LockDialog } from './LockDialog';

type OpenDialog = { kind: 'lock' } | { kind: 'lift'; lock: EnvironmentLock };

export interface LocksSectionProps {
  environment: string;
  /** After a lock was created or lifted. */
  onChange(): void;
}

/** The locks in force on an environment, with lock and lift. */
export function LocksSection(props: LocksSectionProps) {
  const { environment, onChange } = props;
  const api = useApi(environmentsApiRef);
  const canLock = usePermission({
    permission: environmentLockPermission,
  }).allowed;
  const locks = useAsyncRetry(
    async () => (await api.listLocks({ environment })).items,
    [api, environment],
  );
  const [dialog, setDialog] = useState<OpenDialog>();
  const closeDialog = useCallback(() => setDialog(undefined), []);
  const reload = locks.retry;

  const onLocked = useCallback(() => {
    reload();
    onChange();
  }, [reload, onChange]);
  const lift = useCallback(
    async (lock: EnvironmentLock) => {
      await api.deleteLock(lock.id);
      reload();
      onChange();
    },
    [api, reload, onChange],
  );

  let content;
  if (locks.error) {
    content = <ResponseErrorPanel error={locks.error} />;
  } else if (!locks.value) {
    content = <Progress />;
  } else if (locks.value.length === 0) {
    content = (
      <Typography>
        Not locked. Promotions are accepted unless a freeze window is in force.
      </Typography>
    );
  } else {
    content = (
      <Table size="small" aria-label={`Locks of ${environment}`}>
        <TableHead>
          <TableRow>
            <TableCell>Reason</TableCell>
            <TableCell>Ends</TableCell>
            <TableCell>Locked by</TableCell>
            {canLock && (
              <TableCell>
                <VisuallyHidden>Actions</VisuallyHidden>
              </TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {locks.value.map(lock => (
            <TableRow key={lock.id}>
              <TableCell component="th" scope="row" role="rowheader">
                {lock.reason}
              </TableCell>
              <TableCell>
                {lock.until ? formatShortDateTime(lock.until) : 'Until lifted'}
              </TableCell>
              <TableCell>
                <ActorLink actor={lock.createdBy} />,{' '}
                <RelativeTime timestamp={lock.createdAt} />
              </TableCell>
              {canLock && (
                <TableCell align="right">
                  <Button
                    size="small"
                    aria-label={`Lift lock: ${lock.reason}`}
                    onClick={() => setDialog({ kind: 'lift', lock })}
                  >
                    Lift
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <SectionCard
      title="Locks"
      subheader="While locked, promotions to the environment are refused."
      action={
        canLock && (
          <Button
            color="primary"
            startIcon={<LockIcon aria-hidden />}
            onClick={() => setDialog({ kind: 'lock' })}
          >
            Lock environment
          </Button>
        )
      }
    >
      {content}
      {dialog?.kind === 'lock' && (
        <LockDialog
          environment={environment}
          onClose={closeDialog}
          onLocked={onLocked}
        />
      )}
      {dialog?.kind === 'lift' && (
        <ConfirmDialog
          title={`Lift the lock on ${environment}?`}
          confirmLabel="Lift lock"
          onConfirm={() => lift(dialog.lock)}
          onClose={closeDialog}
        >
          <Typography>
            Locked because: {dialog.lock.reason}. Once lifted, promotions to{' '}
            {environment} are accepted again, unless another lock or a freeze
            window holds.
          </Typography>
        </ConfirmDialog>
      )}
    </SectionCard>
  );
}
