import { useApi } from '@backstage/frontend-plugin-api';
import { Enrollment } from '@internal/plugin-courses-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { coursesApiRef } from '../api';

/** The signed-in user's enrolments, by course id. */
export function useMyEnrollments() {
  const api = useApi(coursesApiRef);
  return useAsyncRetry(async (): Promise<Map<string, Enrollment>> => {
    const { items } = await api.listMyEnrollments();
    return new Map(items.map(enrollment => [enrollment.courseId, enrollment]));
  }, [api]);
}
