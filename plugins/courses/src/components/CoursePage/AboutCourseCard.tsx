import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Course } from '@internal/plugin-courses-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SectionCard } from '@internal/portal-react';
import { formatDate } from '../../format';
import { courseRouteRef } from '../../routes';
import { CourseFacts } from '../shared/CourseFacts';

const useStyles = makeStyles(theme => ({
  facts: {
    margin: 0,
    '& dt': {
      ...theme.typography.overline,
      color: theme.palette.text.secondary,
      marginTop: theme.spacing(1.5),
    },
    '& dd': {
      margin: 0,
    },
  },
  list: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
  },
}));

/** Where a course is maintained: the portal, or a file in a repository. */
function sourceText(course: Course): string {
  return course.source === 'api'
    ? `Written in the portal, last changed ${formatDate(course.updatedAt)}`
    : `Managed in ${course.source.replace(/^location:/, '')}`;
}

/** What a course is, who keeps it and what to take first. */
export function AboutCourseCard(props: { course: Course }) {
  const classes = useStyles();
  const courseLink = useRouteRef(courseRouteRef);
  const { course } = props;
  return (
    <SectionCard title="About">
      <Typography paragraph>{course.summary}</Typography>
      <CourseFacts course={course} />
      <dl className={classes.facts}>
        <dt>Owner</dt>
        <dd>
          <EntityRefLink entityRef={course.owner} defaultKind="group" />
        </dd>
        {course.tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>{course.tags.join(', ')}</dd>
          </>
        )}
        <dt>Prerequisites</dt>
        <dd>
          {course.prerequisites.length === 0 ? (
            'None'
          ) : (
            <ul className={classes.list}>
              {course.prerequisites.map(id => (
                <li key={id}>
                  <Link to={courseLink?.({ id }) ?? ''}>{id}</Link>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Source</dt>
        <dd>{sourceText(course)}</dd>
      </dl>
    </SectionCard>
  );
}
