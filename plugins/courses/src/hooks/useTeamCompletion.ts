import { useApi } from '@backstage/frontend-plugin-api';
import { TeamCompletion } from '@internal/plugin-courses-common';
import useAsync from 'react-use/esm/useAsync';
import { coursesApiRef } from '../api';

/** How far each member of a group is in a course; nothing without a group. */
export function useTeamCompletion(courseId: string, groupRef?: string) {
  const api = useApi(coursesApiRef);
  return useAsync(
    async (): Promise<TeamCompletion | undefined> =>
      groupRef ? api.getTeamCompletion(courseId, groupRef) : undefined,
    [api, courseId, groupRef],
  );
}
