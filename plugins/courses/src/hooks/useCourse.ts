import { useApi } from '@backstage/frontend-plugin-api';
import { Course } from '@internal/plugin-courses-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { coursesApiRef } from '../api';

/** One course with its modules and lessons; `retry` reloads it. */
export function useCourse(id: string) {
  const api = useApi(coursesApiRef);
  return useAsyncRetry((): Promise<Course> => api.getCourse(id), [api, id]);
}
