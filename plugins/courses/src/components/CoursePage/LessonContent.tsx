import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { Lesson } from '@internal/plugin-courses-common';
import Typography from '@material-ui/core/Typography';
import { techDocsPath, templatePath } from '../../links';
import { CourseMarkdown } from '../shared/CourseMarkdown';

/** What a lesson is about, by its type. */
export function LessonContent(props: { lesson: Lesson }) {
  const { lesson } = props;
  switch (lesson.type) {
    case 'markdown':
      return <CourseMarkdown content={lesson.body} />;
    case 'techdocs': {
      const { name } = parseEntityRef(lesson.entityRef);
      return (
        <Typography>
          <Link to={techDocsPath(lesson.entityRef, lesson.path)}>
            {lesson.path
              ? `Read ${lesson.path} in the docs of ${name}`
              : `Read the docs of ${name}`}
          </Link>
        </Typography>
      );
    }
    case 'template': {
      const { name } = parseEntityRef(lesson.templateRef);
      return (
        <Typography>
          <Link to={templatePath(lesson.templateRef)}>
            Try the template {name}
          </Link>
        </Typography>
      );
    }
    case 'url':
    default:
      return (
        <Typography>
          <Link to={lesson.url}>Open {new URL(lesson.url).host}</Link>
        </Typography>
      );
  }
}
