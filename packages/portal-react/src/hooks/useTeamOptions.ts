import { GroupEntity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { FilterOption } from '../components/FilterSelect';

/** The catalog's groups as select options, by display name. */
export function useTeamOptions() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<FilterOption[]> => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'group' },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return (items as GroupEntity[])
      .map(group => ({
        value: stringifyEntityRef(group),
        label:
          group.spec?.profile?.displayName ??
          group.metadata.title ??
          group.metadata.name,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi]);
}
