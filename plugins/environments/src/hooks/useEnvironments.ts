import { useApi } from '@backstage/frontend-plugin-api';
import {
  Environment,
  EnvironmentMatrix,
} from '@internal/plugin-environments-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { environmentsApiRef } from '../api';

/** Every environment, by tier, with whether it is locked; `retry` reloads. */
export function useEnvironments() {
  const api = useApi(environmentsApiRef);
  return useAsyncRetry(
    async (): Promise<Environment[]> => (await api.listEnvironments()).items,
    [api],
  );
}

/** The version matrix of the services `owner` owns, or of all services. */
export function useMatrix(owner: string | undefined) {
  const api = useApi(environmentsApiRef);
  return useAsyncRetry(
    (): Promise<EnvironmentMatrix> => api.getMatrix({ owner }),
    [api, owner],
  );
}
