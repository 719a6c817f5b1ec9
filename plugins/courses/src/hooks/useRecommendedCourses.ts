import { useApi } from '@backstage/frontend-plugin-api';
import { Course } from '@internal/plugin-courses-common';
import useAsync from 'react-use/esm/useAsync';
import { errorStatus } from '@internal/portal-react';
import { coursesApiRef } from '../api';

export interface RecommendedCourses {
  courses: Course[];
  /** Ids in the annotation that name no course, e.g. deleted ones. */
  missing: string[];
}

/** The courses of a `courses/recommended` annotation, in its order. */
export function useRecommendedCourses(ids: string[]) {
  const api = useApi(coursesApiRef);
  // Keyed by value: the entity, and so the array, is new on each render.
  const key = ids.join(',');
  return useAsync(async (): Promise<RecommendedCourses> => {
    const wanted = key ? key.split(',') : [];
    const results = await Promise.all(
      wanted.map(id =>
        api.getCourse(id).catch(error => {
          // One stale id hides one course, not the card.
          if (errorStatus(error) === 404) {
            return undefined;
          }
          throw error;
        }),
      ),
    );
    return {
      courses: results.filter((course): course is Course => Boolean(course)),
      missing: wanted.filter((_, index) => !results[index]),
    };
  }, [api, key]);
}
