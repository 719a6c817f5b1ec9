import { Lesson, LessonType } from '@internal/plugin-courses-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import { useId } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ErrorAlert } from '@internal/portal-react';
import { CourseMarkdown } from '../shared/CourseMarkdown';
import { LessonContent } from './LessonContent';

const TYPE_LABELS: Record<LessonType, string> = {
  markdown: 'Reading',
  techdocs: 'Docs',
  template: 'Template',
  url: 'Link',
};

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    width: '100%',
  },
  title: {
    flexGrow: 1,
  },
  details: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
    width: '100%',
  },
}));

export interface LessonAccordionProps {
  lesson: Lesson;
  done: boolean;
  /** Records the lesson (un)done; rejects with the backend's reason. */
  onDoneChange(lessonId: string, done: boolean): Promise<void>;
}

/** A lesson: its title and state, and when opened its content and "Mark done". */
export function LessonAccordion(props: LessonAccordionProps) {
  const classes = useStyles();
  const summaryId = useId();
  const { lesson, done, onDoneChange } = props;
  const [state, toggle] = useAsyncFn(
    () => onDoneChange(lesson.id, !done),
    [onDoneChange, lesson.id, done],
  );

  return (
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />} id={summaryId}>
        <div className={classes.summary}>
          {done ? (
            <CheckCircleIcon color="primary" titleAccess="Done" />
          ) : (
            <RadioButtonUncheckedIcon color="disabled" titleAccess="Not done" />
          )}
          <Typography component="span" className={classes.title}>
            {lesson.title}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {TYPE_LABELS[lesson.type]}
          </Typography>
        </div>
      </AccordionSummary>
      <AccordionDetails>
        <div className={classes.details}>
          {lesson.description && (
            <CourseMarkdown content={lesson.description} />
          )}
          <LessonContent lesson={lesson} />
          <Box>
            <Button
              variant={done ? 'outlined' : 'contained'}
              color="primary"
              onClick={toggle}
              disabled={state.loading}
            >
              {done ? 'Mark not done' : 'Mark done'}
            </Button>
            {state.error && <ErrorAlert error={state.error} />}
          </Box>
        </div>
      </AccordionDetails>
    </Accordion>
  );
}
