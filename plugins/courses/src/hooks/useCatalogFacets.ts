import { useApi } from '@backstage/frontend-plugin-api';
import { CourseFacets } from '@internal/plugin-courses-common';
import useAsync from 'react-use/esm/useAsync';
import { coursesApiRef } from '../api';

/**
 * The categories, levels and tags of the whole catalog with their course
 * counts, for the filters.
 */
export function useCatalogFacets() {
  const api = useApi(coursesApiRef);
  return useAsync((): Promise<CourseFacets> => api.getFacets(), [api]);
}
