import { useApi } from '@backstage/frontend-plugin-api';
import { SignalRange } from '@internal/plugin-prometheus-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { prometheusApiRef } from '@internal/plugin-prometheus-react';

/** The golden signals of an entity over a range ending now. */
export function useSignals(entityRef: string, range: SignalRange) {
  const api = useApi(prometheusApiRef);
  return useAsyncRetry(
    () => api.getSignals({ entityRef, range }),
    [api, entityRef, range],
  );
}

/** The firing and pending alerts of an entity. */
export function useAlerts(entityRef: string) {
  const api = useApi(prometheusApiRef);
  return useAsyncRetry(() => api.getAlerts({ entityRef }), [api, entityRef]);
}
