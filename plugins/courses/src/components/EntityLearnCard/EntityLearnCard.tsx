import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Course,
  Enrollment,
  getRecommendedCourses,
} from '@internal/plugin-courses-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { useMyEnrollments } from '../../hooks/useMyEnrollments';
import { useRecommendedCourses } from '../../hooks/useRecommendedCourses';
import { courseRouteRef } from '../../routes';
import { CourseFacts } from '../shared/CourseFacts';
import { CourseProgress } from '../shared/CourseProgress';

const useStyles = makeStyles(theme => ({
  item: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: theme.spacing(1),
  },
}));

function RecommendedCourse(props: { course: Course; enrollment?: Enrollment }) {
  const classes = useStyles();
  const courseLink = useRouteRef(courseRouteRef);
  const { course, enrollment } = props;
  let state;
  if (enrollment?.completedAt) {
    state = (
      <Typography variant="body2" color="primary">
        Completed
      </Typography>
    );
  } else if (enrollment) {
    state = (
      <CourseProgress
        progress={enrollment.progress}
        label={`Progress in ${course.title}`}
      />
    );
  } else {
    state = (
      <Typography variant="body2" color="textSecondary">
        Not started
      </Typography>
    );
  }
  return (
    <ListItem className={classes.item} divider>
      <Typography component="h3" variant="subtitle1">
        <Link to={courseLink?.({ id: course.id }) ?? ''}>{course.title}</Link>
      </Typography>
      <CourseFacts course={course} />
      {state}
    </ListItem>
  );
}

function LearnCardContent() {
  const { entity } = useEntity();
  const ids = useMemo(() => getRecommendedCourses(entity), [entity]);
  const recommended = useRecommendedCourses(ids);
  const enrollments = useMyEnrollments();

  if (recommended.error) {
    return <ResponseErrorPanel error={recommended.error} />;
  }
  if (!recommended.value) {
    return <Progress />;
  }
  const { courses, missing } = recommended.value;
  return (
    <>
      {courses.length > 0 && (
        <List aria-label="Recommended courses" disablePadding>
          {courses.map(course => (
            <RecommendedCourse
              key={course.id}
              course={course}
              enrollment={enrollments.value?.get(course.id)}
            />
          ))}
        </List>
      )}
      {missing.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {`Not in the course catalog: ${missing.join(', ')}`}
        </Typography>
      )}
    </>
  );
}

/**
 * The courses an entity recommends in its `courses/recommended`
 * annotation, with the user's progress in each: on a service, what to learn
 * to work on it; on a template, the course that explains it.
 */
export function EntityLearnCard() {
  return (
    <InfoCard title="Learn" titleTypographyProps={{ component: 'h2' }}>
      <LearnCardContent />
    </InfoCard>
  );
}
