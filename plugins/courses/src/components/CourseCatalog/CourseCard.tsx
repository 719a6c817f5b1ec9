import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { CourseSummary, Enrollment } from '@internal/plugin-courses-common';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useId } from 'react';
import { courseRouteRef } from '../../routes';
import { CourseFacts } from '../shared/CourseFacts';
import { CourseProgress } from '../shared/CourseProgress';

const useStyles = makeStyles(theme => ({
  card: {
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
  },
  content: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    flexGrow: 1,
  },
  summary: {
    flexGrow: 1,
  },
  tags: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
}));

/** Where the user is in the course: not enrolled, a share done, or done. */
function EnrollmentState(props: {
  course: CourseSummary;
  enrollment?: Enrollment;
}) {
  const { course, enrollment } = props;
  if (!enrollment) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not enrolled
      </Typography>
    );
  }
  if (enrollment.completedAt) {
    return (
      <Typography variant="body2" color="primary">
        Completed
      </Typography>
    );
  }
  return (
    <CourseProgress
      progress={enrollment.progress}
      label={`Progress in ${course.title}`}
    />
  );
}

export interface CourseCardProps {
  course: CourseSummary;
  enrollment?: Enrollment;
  /** Filters the catalog by a tag of the course. */
  onTagClick(tag: string): void;
}

/** A course in the catalog, with the user's progress in it. */
export function CourseCard(props: CourseCardProps) {
  const classes = useStyles();
  const titleId = useId();
  const courseLink = useRouteRef(courseRouteRef);
  const { course, enrollment, onTagClick } = props;

  return (
    <Card
      className={classes.card}
      component="article"
      aria-labelledby={titleId}
      variant="outlined"
    >
      <CardContent className={classes.content}>
        <Typography id={titleId} variant="h6" component="h3">
          <Link to={courseLink?.({ id: course.id }) ?? ''}>{course.title}</Link>
        </Typography>
        <CourseFacts course={course} />
        <Typography variant="body2" className={classes.summary}>
          {course.summary}
        </Typography>
        {course.tags.length > 0 && (
          <Box className={classes.tags}>
            {course.tags.map(tag => (
              <Chip
                key={tag}
                label={tag}
                size="small"
                variant="outlined"
                clickable
                onClick={() => onTagClick(tag)}
                aria-label={`Show courses tagged ${tag}`}
              />
            ))}
          </Box>
        )}
        <EnrollmentState course={course} enrollment={enrollment} />
      </CardContent>
    </Card>
  );
}
