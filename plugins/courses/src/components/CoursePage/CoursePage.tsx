import {
  Content,
  ContentHeader,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { BreadcrumbEntry, useRouteRef } from '@backstage/frontend-plugin-api';
import { Course } from '@internal/plugin-courses-common';
import Grid from '@material-ui/core/Grid';
import { useMemo } from 'react';
import { errorStatus } from '@internal/portal-react';
import { useCourse } from '../../hooks/useCourse';
import { useCourseEnrollment } from '../../hooks/useCourseEnrollment';
import { courseRouteRef, rootRouteRef } from '../../routes';
import { AboutCourseCard } from './AboutCourseCard';
import { CourseActions } from './CourseActions';
import { ModuleSection } from './ModuleSection';
import { ProgressCard } from './ProgressCard';

function CourseSections(props: { course: Course }) {
  const { course } = props;
  const enrollment = useCourseEnrollment(course.id);
  const completedLessonIds = useMemo(
    () => new Set(enrollment.enrollment?.completedLessonIds ?? []),
    [enrollment.enrollment],
  );
  const lessonCount = course.modules.reduce(
    (sum, module) => sum + module.lessons.length,
    0,
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <Grid container spacing={3} direction="column">
          {course.modules.map((module, index) => (
            <Grid item key={module.id}>
              <ModuleSection
                module={module}
                position={index + 1}
                completedLessonIds={completedLessonIds}
                onDoneChange={enrollment.setLessonDone}
              />
            </Grid>
          ))}
        </Grid>
      </Grid>
      <Grid item xs={12} md={4}>
        <Grid container spacing={3} direction="column">
          <Grid item>
            <ProgressCard
              course={course}
              lessonCount={lessonCount}
              state={enrollment}
            />
          </Grid>
          <Grid item>
            <AboutCourseCard course={course} />
          </Grid>
        </Grid>
      </Grid>
    </Grid>
  );
}

/**
 * /learn/courses/:id: a course's modules and lessons, the user's progress
 * with "Mark done" per lesson, and what the course is about.
 */
export function CoursePage(props: { courseId: string }) {
  const { courseId } = props;
  const course = useCourse(courseId);
  const catalogLink = useRouteRef(rootRouteRef);
  const courseLink = useRouteRef(courseRouteRef);

  let content;
  if (course.error && errorStatus(course.error) === 404) {
    content = (
      <EmptyState
        missing="data"
        title={`No course "${courseId}"`}
        description="It may have been deleted, or the link may have a typo."
        action={
          catalogLink && <Link to={catalogLink()}>Browse all courses</Link>
        }
      />
    );
  } else if (course.error) {
    content = <ResponseErrorPanel error={course.error} />;
  } else if (!course.value) {
    content = <Progress />;
  } else {
    content = <CourseSections course={course.value} />;
  }

  const title = course.value?.title ?? courseId;
  return (
    <BreadcrumbEntry
      entry={{ label: title, href: courseLink?.({ id: courseId }) ?? '' }}
    >
      <Content>
        <ContentHeader title={title}>
          {course.value && <CourseActions course={course.value} />}
        </ContentHeader>
        {content}
      </Content>
    </BreadcrumbEntry>
  );
}
