import {
  Content,
  ContentHeader,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useRouteRef,
  useRouteRefParams,
} from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Environment } from '@internal/plugin-environments-common';
import { useCallback } from 'react';
import { useAuditTrail } from '../../hooks/useAuditTrail';
import { useEnvironments } from '../../hooks/useEnvironments';
import { environmentRouteRef, rootRouteRef } from '../../routes';
import { describeLock } from '../shared/LockBadge';
import { AboutCard } from './AboutCard';
import { AuditSection } from './AuditSection';
import { ConfigDiffSection } from './ConfigDiffSection';
import { ConfigSection } from './ConfigSection';
import { FreezeWindowsSection } from './FreezeWindowsSection';
import { LocksSection } from './LocksSection';

function EnvironmentSections(props: {
  environment: Environment;
  environmentNames: string[];
  /** Reloads the environment, e.g. to show a new lock. */
  onEnvironmentChange(): void;
}) {
  const { environment, environmentNames, onEnvironmentChange } = props;
  const { name, lock } = environment;
  const audit = useAuditTrail(name);
  const reloadAudit = audit.reload;
  const onLocksChange = useCallback(() => {
    onEnvironmentChange();
    reloadAudit();
  }, [onEnvironmentChange, reloadAudit]);

  return (
    <Grid container spacing={3}>
      {lock && (
        <Grid item xs={12}>
          <Alert severity="warning" role="note">
            <AlertTitle>
              {lock.source === 'freeze-window'
                ? `${name} is in a freeze window`
                : `${name} is locked`}
            </AlertTitle>
            {describeLock(lock)}. Promotions to {name} are refused until then.
          </Alert>
        </Grid>
      )}
      <Grid item xs={12} md={4}>
        <AboutCard environment={environment} />
      </Grid>
      <Grid item xs={12} md={8}>
        <Grid container spacing={3} direction="column">
          <Grid item>
            <LocksSection environment={name} onChange={onLocksChange} />
          </Grid>
          <Grid item>
            <FreezeWindowsSection environment={name} />
          </Grid>
        </Grid>
      </Grid>
      <Grid item xs={12}>
        <ConfigSection environment={environment} onChange={reloadAudit} />
      </Grid>
      <Grid item xs={12}>
        <ConfigDiffSection
          environment={name}
          environmentNames={environmentNames}
        />
      </Grid>
      <Grid item xs={12}>
        <AuditSection environment={name} trail={audit} />
      </Grid>
    </Grid>
  );
}

/**
 * /environments/:name: an environment's configuration and secrets, a
 * comparison with another's, its locks and freeze windows, and who changed
 * what.
 */
export function EnvironmentDetail() {
  const { name } = useRouteRefParams(environmentRouteRef);
  const rootLink = useRouteRef(rootRouteRef);
  const environmentLink = useRouteRef(environmentRouteRef);
  const environments = useEnvironments();
  const environment = environments.value?.find(e => e.name === name);

  let content;
  if (environments.error) {
    content = <ResponseErrorPanel error={environments.error} />;
  } else if (!environments.value) {
    content = <Progress />;
  } else if (!environment) {
    content = (
      <EmptyState
        missing="data"
        title={`No environment named ${name}`}
        description="It may have been a preview environment that expired or was torn down."
        action={rootLink && <Link to={rootLink()}>See all environments</Link>}
      />
    );
  } else {
    content = (
      <EnvironmentSections
        environment={environment}
        environmentNames={environments.value.map(e => e.name)}
        onEnvironmentChange={environments.retry}
      />
    );
  }

  // The page header shows "Environments › name", and links back.
  return (
    <BreadcrumbEntry
      entry={{ label: name, href: environmentLink?.({ name }) ?? '' }}
    >
      <Content>
        <ContentHeader title={environment?.title ?? name} />
        {content}
      </Content>
    </BreadcrumbEntry>
  );
}
