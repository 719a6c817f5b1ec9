import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { DeploymentQuery } from '@internal/plugin-deployments-common';
import { useMemo } from 'react';
import {
  FilterOption,
  FilterSelect,
  RefreshButton,
  useSearchParam,
} from '@internal/portal-react';
import { DEPLOYMENTS_PAGE_SIZE, REFRESH_INTERVAL_MS } from '../../constants';
import { useCurrentDeployments } from '../../hooks/useCurrentDeployments';
import { useDeploymentPages } from '../../hooks/useDeploymentPages';
import { useIntervalWhileVisible } from '../../hooks/useIntervalWhileVisible';
import { DeploymentList, githubRepositoryUrl } from '../DeploymentList';

/**
 * The environments to filter by: those the entity was deployed to, plus the
 * selected one in case it came from a link and has no success yet.
 */
function environmentOptions(
  deployedTo: string[],
  selected: string | undefined,
): FilterOption[] {
  const environments =
    selected && !deployedTo.includes(selected)
      ? [...deployedTo, selected]
      : deployedTo;
  return [
    { value: '', label: 'All environments' },
    ...environments.map(environment => ({
      value: environment,
      label: environment,
    })),
  ];
}

/** The Deployments tab of a component: its deployment history. */
export function EntityDeploymentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const repositoryUrl = githubRepositoryUrl(entity);
  const [environment, setEnvironment] = useSearchParam('environment');

  const current = useCurrentDeployments(entityRef);
  const deployedTo = useMemo(
    () => (current.value ?? []).map(item => item.environment),
    [current.value],
  );

  const query = useMemo<DeploymentQuery>(
    () => ({ entityRef, environment, limit: DEPLOYMENTS_PAGE_SIZE }),
    [entityRef, environment],
  );
  const pages = useDeploymentPages(query);
  useIntervalWhileVisible(pages.refresh, REFRESH_INTERVAL_MS);

  return (
    <>
      <Box display="flex" alignItems="center" mb={2}>
        <FilterSelect
          label="Environment"
          value={environment ?? ''}
          options={environmentOptions(deployedTo, environment)}
          onChange={setEnvironment}
        />
        <Box flexGrow={1} />
        <RefreshButton label="Refresh deployments" onClick={pages.refresh} />
      </Box>
      <DeploymentList
        title="Deployment history"
        pages={pages}
        repositoryUrl={repositoryUrl}
        emptyMessage={
          environment
            ? `No deployments to ${environment} yet.`
            : 'No deployments recorded yet.'
        }
      />
    </>
  );
}
