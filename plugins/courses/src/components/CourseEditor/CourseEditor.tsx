import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { Course, CourseDocument } from '@internal/plugin-courses-common';
import Alert from '@material-ui/lab/Alert';
import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import { SectionCard } from '@internal/portal-react';
import { coursesApiRef } from '../../api';
import { courseToYaml, documentOf, newCourseYaml } from '../../courseYaml';
import { useCanManageCourse } from '../../hooks/useCanManageCourse';
import { useCourse } from '../../hooks/useCourse';
import { useMyGroups } from '../../hooks/useMyGroups';
import {
  courseRouteRef,
  editCourseRouteRef,
  newCourseRouteRef,
} from '../../routes';
import { CourseDocumentForm } from './CourseDocumentForm';

/** Opens the saved course. */
function useOpenCourse() {
  const navigate = useNavigate();
  const courseLink = useRouteRef(courseRouteRef);
  return useCallback(
    (course: Course) => navigate(courseLink?.({ id: course.id }) ?? '/'),
    [navigate, courseLink],
  );
}

function NewCourse() {
  const api = useApi(coursesApiRef);
  const openCourse = useOpenCourse();
  const myGroups = useMyGroups();
  const create = useCallback(
    async (course: CourseDocument) =>
      openCourse(await api.createCourse(course)),
    [api, openCourse],
  );
  if (myGroups.loading) {
    return <Progress />;
  }
  // The backend lets members of a group write courses their group owns.
  const owner = myGroups.value?.[0] ?? 'group:default/your-team';
  return (
    <CourseDocumentForm
      initialYaml={newCourseYaml(owner)}
      submitLabel="Create course"
      onSubmit={create}
    />
  );
}

function EditCourse(props: { course: Course }) {
  const { course } = props;
  const api = useApi(coursesApiRef);
  const openCourse = useOpenCourse();
  const canManage = useCanManageCourse(course.id);
  const update = useCallback(
    async (document: CourseDocument) =>
      openCourse(await api.updateCourse(course.id, document)),
    [api, course.id, openCourse],
  );

  if (course.source !== 'api') {
    return (
      <Alert severity="info">
        {`This course is managed in ${course.source.replace(
          /^location:/,
          '',
        )}: change it in that file.`}
      </Alert>
    );
  }
  if (!canManage) {
    return (
      <Alert severity="warning">
        Only the members of the course&apos;s owner group and the administrators
        may edit it.
      </Alert>
    );
  }
  return (
    <CourseDocumentForm
      initialYaml={courseToYaml(documentOf(course))}
      submitLabel="Save course"
      onSubmit={update}
    />
  );
}

function EditExistingCourse(props: { courseId: string }) {
  const course = useCourse(props.courseId);
  if (course.error) {
    return <ResponseErrorPanel error={course.error} />;
  }
  if (!course.value) {
    return <Progress />;
  }
  return <EditCourse course={course.value} />;
}

/**
 * /learn/new and /learn/courses/:id/edit: a course written as YAML, like
 * the course files in repositories.
 */
export function CourseEditor(props: { courseId?: string }) {
  const { courseId } = props;
  const newCourseLink = useRouteRef(newCourseRouteRef);
  const editLink = useRouteRef(editCourseRouteRef);
  const title = courseId ? `Edit ${courseId}` : 'New course';
  const href = courseId ? editLink?.({ id: courseId }) : newCourseLink?.();

  return (
    <BreadcrumbEntry entry={{ label: title, href: href ?? '' }}>
      <Content>
        <ContentHeader title={title} />
        <SectionCard
          title="Course"
          subheader="Modules hold lessons: Markdown, a TechDocs page, a template to try, or a link."
        >
          {courseId ? (
            <EditExistingCourse courseId={courseId} />
          ) : (
            <NewCourse />
          )}
        </SectionCard>
      </Content>
    </BreadcrumbEntry>
  );
}
