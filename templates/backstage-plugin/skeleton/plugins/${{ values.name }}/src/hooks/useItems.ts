import { useApi } from '@backstage/frontend-plugin-api';
import { Item } from '@internal/plugin-${{ values.name }}-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ${{ values.camelName }}ApiRef } from '../api';

/** The latest items, all or those of one entity; `retry` reloads them. */
export function useItems(entityRef?: string) {
  const api = useApi(${{ values.camelName }}ApiRef);
  return useAsyncRetry(
    (): Promise<Item[]> => api.listItems({ entityRef, limit: 100 }),
    [api, entityRef],
  );
}
