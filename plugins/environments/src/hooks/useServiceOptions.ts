import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** A Component a preview can be of, with its owner as the catalog names it. */
export interface ServiceOption {
  /** The Component's ref, e.g. `component:default/course-service`. */
  value: string;
  label: string;
}

/** The catalog's Components as select options, by label. */
export function useServiceOptions() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<ServiceOption[]> => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'component' },
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'],
    });
    return (items as Entity[])
      .map(entity => ({
        value: stringifyEntityRef(entity),
        label: entity.metadata.title ?? entity.metadata.name,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi]);
}
