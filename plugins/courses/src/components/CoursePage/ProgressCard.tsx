import { Course } from '@internal/plugin-courses-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  ConfirmDialog,
  ErrorAlert,
  SectionCard,
  SubmitButton,
} from '@internal/portal-react';
import { formatDate } from '../../format';
import { CourseEnrollment } from '../../hooks/useCourseEnrollment';
import { CourseProgress } from '../shared/CourseProgress';

export interface ProgressCardProps {
  course: Course;
  lessonCount: number;
  state: CourseEnrollment;
}

/** The user's progress in a course, with enrolling and leaving. */
export function ProgressCard(props: ProgressCardProps) {
  const { course, lessonCount, state } = props;
  const { enrollment } = state;
  const [enrolling, enroll] = useAsyncFn(() => state.enroll(), [state.enroll]);
  const [leaving, setLeaving] = useState(false);
  const closeLeave = useCallback(() => setLeaving(false), []);

  let content;
  if (state.error) {
    content = <ErrorAlert error={state.error} />;
  } else if (state.loading) {
    content = <Typography color="textSecondary">Loading…</Typography>;
  } else if (!enrollment) {
    content = (
      <>
        <Typography paragraph>
          Enrol to keep track of the lessons you have done.
        </Typography>
        <SubmitButton busy={enrolling.loading} onClick={enroll}>
          Enrol
        </SubmitButton>
        {enrolling.error && <ErrorAlert error={enrolling.error} />}
      </>
    );
  } else {
    content = (
      <>
        <CourseProgress
          progress={enrollment.progress}
          label={`Progress in ${course.title}`}
        />
        <Typography variant="body2">
          {`${enrollment.completedLessonIds.length} of ${lessonCount} lessons done`}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {enrollment.completedAt
            ? `Completed on ${formatDate(enrollment.completedAt)}`
            : `Enrolled on ${formatDate(enrollment.enrolledAt)}`}
        </Typography>
        <Box mt={2}>
          <Button variant="outlined" onClick={() => setLeaving(true)}>
            Leave course
          </Button>
        </Box>
      </>
    );
  }

  return (
    <SectionCard title="Your progress">
      {content}
      {leaving && (
        <ConfirmDialog
          title={`Leave ${course.title}?`}
          confirmLabel="Leave course"
          onConfirm={state.unenroll}
          onClose={closeLeave}
        >
          <Typography>
            Your progress in this course is forgotten. You can enrol again at
            any time.
          </Typography>
        </ConfirmDialog>
      )}
    </SectionCard>
  );
}
