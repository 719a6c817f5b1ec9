import { useApi } from '@backstage/frontend-plugin-api';
import { deploymentsApiRef } from '@internal/plugin-deployments-react';
import useAsync from 'react-use/esm/useAsync';
import { DeploymentMarker, toMarkers } from '../chart';

/** The most deployments one window shows; the API's page limit is 500. */
export const MAX_MARKERS = 500;

/**
 * The deployments of an entity in [start, end] as chart markers, from the
 * deployment history; `environment` undefined means every environment.
 * Waits until the window is known.
 */
export function useDeploymentMarkers(options: {
  entityRef: string;
  start?: string;
  end?: string;
  environment?: string;
}) {
  const api = useApi(deploymentsApiRef);
  const { entityRef, start, end, environment } = options;
  return useAsync(async (): Promise<DeploymentMarker[] | undefined> => {
    if (!start || !end) return undefined;
    const page = await api.listDeployments({
      entityRef,
      environment,
      since: start,
      until: end,
      limit: MAX_MARKERS,
    });
    return toMarkers(page.items, Date.parse(start), Date.parse(end));
  }, [api, entityRef, start, end, environment]);
}
