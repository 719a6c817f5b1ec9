import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import { Environment } from '@internal/plugin-environments-common';
import { useCallback, useState } from 'react';
import {
  ConfirmDialog,
  formatRelativeTime,
  SectionCard,
} from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { useEnvironments } from '../../hooks/useEnvironments';
import { EnvironmentsTable } from './EnvironmentsTable';
import { ExtendPreviewDialog } from './ExtendPreviewDialog';
import { NewPreviewDialog } from './NewPreviewDialog';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'extend'; environment: Environment }
  | { kind: 'tear-down'; environment: Environment };

export interface EnvironmentListSectionProps {
  environments: ReturnType<typeof useEnvironments>;
}

/**
 * Every environment, with "New preview environment" (of a service; the
 * dialog says whether the user may) and, for previews, extend and tear down
 * as far as the user's permissions on each go.
 */
export function EnvironmentListSection(props: EnvironmentListSectionProps) {
  const { environments } = props;
  const api = useApi(environmentsApiRef);
  const alertApi = useApi(alertApiRef);
  const [dialog, setDialog] = useState<OpenDialog>();
  const closeDialog = useCallback(() => setDialog(undefined), []);
  const reload = environments.retry;

  const onCreated = useCallback(
    (environment: Environment) => {
      alertApi.post({
        message: `Created ${environment.name}${
          environment.expiresAt
            ? `; it expires ${formatRelativeTime(environment.expiresAt)}`
            : ''
        }.`,
        severity: 'success',
        display: 'transient',
      });
      reload();
    },
    [alertApi, reload],
  );
  const onExtended = useCallback(
    (environment: Environment) => {
      alertApi.post({
        message: `Extended ${environment.name}${
          environment.expiresAt
            ? `; it now expires ${formatRelativeTime(environment.expiresAt)}`
            : ''
        }.`,
        severity: 'success',
        display: 'transient',
      });
      reload();
    },
    [alertApi, reload],
  );
  const tearDown = useCallback(
    async (environment: Environment) => {
      await api.deleteEnvironment(environment.name);
      alertApi.post({
        message: `Tearing down ${environment.name}.`,
        severity: 'info',
        display: 'transient',
      });
      reload();
    },
    [api, alertApi, reload],
  );

  let content;
  if (environments.error) {
    content = <ResponseErrorPanel error={environments.error} />;
  } else if (!environments.value) {
    content = <Progress />;
  } else if (environments.value.length === 0) {
    content = (
      <Typography>
        No environments yet. Register them in the catalog as Resources of type
        environment, or create a preview environment.
      </Typography>
    );
  } else {
    content = (
      <EnvironmentsTable
        environments={environments.value}
        onExtend={environment => setDialog({ kind: 'extend', environment })}
        onTearDown={environment =>
          setDialog({ kind: 'tear-down', environment })
        }
      />
    );
  }

  return (
    <SectionCard
      title="Environments"
      action={
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon aria-hidden />}
          onClick={() => setDialog({ kind: 'create' })}
        >
          New preview environment
        </Button>
      }
    >
      {content}
      {dialog?.kind === 'create' && (
        <NewPreviewDialog
          existingNames={(environments.value ?? []).map(e => e.name)}
          onClose={closeDialog}
          onCreated={onCreated}
        />
      )}
      {dialog?.kind === 'extend' && (
        <ExtendPreviewDialog
          environment={dialog.environment}
          onClose={closeDialog}
          onExtended={onExtended}
        />
      )}
      {dialog?.kind === 'tear-down' && (
        <ConfirmDialog
          title={`Tear down ${dialog.environment.name}?`}
          confirmLabel="Tear down"
          onConfirm={() => tearDown(dialog.environment)}
          onClose={closeDialog}
        >
          <Typography>
            This deletes the preview environment and everything deployed to it,
            including its configuration and secrets. It cannot be undone.
          </Typography>
        </ConfirmDialog>
      )}
    </SectionCard>
  );
}
