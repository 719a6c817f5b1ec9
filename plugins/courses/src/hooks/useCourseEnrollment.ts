import { useApi } from '@backstage/frontend-plugin-api';
import { Enrollment } from '@internal/plugin-courses-common';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { coursesApiRef } from '../api';

/** The signed-in user's enrolment in one course, and the changes to it. */
export interface CourseEnrollment {
  /** Whether the enrolment is still loading. */
  loading: boolean;
  error?: Error;
  /** Absent while not enrolled. */
  enrollment?: Enrollment;
  enroll(): Promise<void>;
  /** Leaves the course; the backend forgets its progress. */
  unenroll(): Promise<void>;
  setLessonDone(lessonId: string, completed: boolean): Promise<void>;
}

export function useCourseEnrollment(courseId: string): CourseEnrollment {
  const api = useApi(coursesApiRef);
  const loaded = useAsync(async () => {
    const { items } = await api.listMyEnrollments();
    return items.find(enrollment => enrollment.courseId === courseId) ?? null;
  }, [api, courseId]);
  // Each change answers with the enrolment as it now is, which replaces the
  // loaded one; wrapped, so that leaving (undefined) is a change too.
  const [changed, setChanged] = useState<{ value?: Enrollment }>();

  const enroll = useCallback(async () => {
    setChanged({ value: await api.enroll(courseId) });
  }, [api, courseId]);
  const unenroll = useCallback(async () => {
    await api.unenroll(courseId);
    setChanged({ value: undefined });
  }, [api, courseId]);
  const setLessonDone = useCallback(
    async (lessonId: string, completed: boolean) => {
      setChanged({
        value: await api.setLessonProgress(courseId, { lessonId, completed }),
      });
    },
    [api, courseId],
  );

  return {
    loading: loaded.loading && !changed,
    error: changed ? undefined : loaded.error,
    enrollment: changed ? changed.value : loaded.value ?? undefined,
    enroll,
    unenroll,
    setLessonDone,
  };
}
