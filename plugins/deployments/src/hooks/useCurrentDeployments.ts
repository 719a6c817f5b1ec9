import { useApi } from '@backstage/frontend-plugin-api';
import { CurrentDeployment } from '@internal/plugin-deployments-common';
import useAsync from 'react-use/esm/useAsync';
import { compareEnvironments } from '../environments';
import { deploymentsApiRef } from '@internal/plugin-deployments-react';

/** What runs where: the last successful deployment per environment, in promotion order. */
export function useCurrentDeployments(entityRef: string) {
  const api = useApi(deploymentsApiRef);
  return useAsync(async (): Promise<CurrentDeployment[]> => {
    const { items } = await api.getCurrentDeployments(entityRef);
    return [...items].sort((a, b) =>
      compareEnvironments(a.environment, b.environment),
    );
  }, [api, entityRef]);
}
