import {
  Content,
  ContentHeader,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { Enrollment } from '@internal/plugin-courses-common';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { SectionCard } from '@internal/portal-react';
import { formatDate } from '../../format';
import { useMyEnrollments } from '../../hooks/useMyEnrollments';
import { courseRouteRef, rootRouteRef } from '../../routes';
import { CourseProgress } from '../shared/CourseProgress';
import { LearnTabs } from '../shared/LearnTabs';

function EnrollmentTable(props: {
  label: string;
  enrollments: Enrollment[];
  completed: boolean;
}) {
  const courseLink = useRouteRef(courseRouteRef);
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>Course</TableCell>
          <TableCell>Progress</TableCell>
          <TableCell>{props.completed ? 'Completed' : 'Enrolled'}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.enrollments.map(enrollment => (
          <TableRow key={enrollment.courseId}>
            {/* MUI marks body cells role="cell"; this one heads its row. */}
            <TableCell component="th" scope="row" role="rowheader">
              <Link to={courseLink?.({ id: enrollment.courseId }) ?? ''}>
                {enrollment.courseTitle}
              </Link>
            </TableCell>
            <TableCell width="40%">
              <CourseProgress
                progress={enrollment.progress}
                label={`Progress in ${enrollment.courseTitle}`}
              />
            </TableCell>
            <TableCell>
              {formatDate(
                (props.completed && enrollment.completedAt) ||
                  enrollment.enrolledAt,
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** /learn/me: the courses the user is taking, and those they completed. */
export function MyLearning() {
  const enrollments = useMyEnrollments();
  const catalogLink = useRouteRef(rootRouteRef);

  let content;
  if (enrollments.error) {
    content = <ResponseErrorPanel error={enrollments.error} />;
  } else if (!enrollments.value) {
    content = <Progress />;
  } else if (enrollments.value.size === 0) {
    content = (
      <EmptyState
        missing="content"
        title="You are not enrolled in any course"
        description="Enrol in a course to keep track of your progress here."
        action={
          catalogLink && <Link to={catalogLink()}>Browse the catalog</Link>
        }
      />
    );
  } else {
    const all = [...enrollments.value.values()];
    const inProgress = all.filter(e => !e.completedAt);
    const completed = all.filter(e => e.completedAt);
    content = (
      <Grid container spacing={3} direction="column">
        <Grid item>
          <SectionCard title="In progress">
            {inProgress.length ? (
              <EnrollmentTable
                label="Courses in progress"
                enrollments={inProgress}
                completed={false}
              />
            ) : (
              <Typography>Nothing in progress: well done.</Typography>
            )}
          </SectionCard>
        </Grid>
        {completed.length > 0 && (
          <Grid item>
            <SectionCard title="Completed">
              <EnrollmentTable
                label="Completed courses"
                enrollments={completed}
                completed
              />
            </SectionCard>
          </Grid>
        )}
      </Grid>
    );
  }

  return (
    <Content>
      <LearnTabs current="me" />
      <ContentHeader title="My learning" />
      {content}
    </Content>
  );
}
