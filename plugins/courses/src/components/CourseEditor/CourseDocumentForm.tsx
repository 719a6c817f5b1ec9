import {
  CourseDocument,
  CourseDocumentError,
} from '@internal/plugin-courses-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { FormEvent, useId, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ErrorAlert, SubmitButton } from '@internal/portal-react';
import { readCourseYaml } from '../../courseYaml';

const useStyles = makeStyles({
  editor: {
    fontFamily: 'monospace',
    fontSize: '0.875rem',
  },
});

export interface CourseDocumentFormProps {
  initialYaml: string;
  submitLabel: string;
  /** Saves the valid document; rejects with the backend's reason. */
  onSubmit(course: CourseDocument): Promise<void>;
}

/**
 * A course written as YAML, checked with the backend's own validator before
 * it is sent, so that every problem is listed by field at once.
 */
export function CourseDocumentForm(props: CourseDocumentFormProps) {
  const classes = useStyles();
  const editorId = useId();
  const errorsTitleId = useId();
  const { onSubmit } = props;
  const [text, setText] = useState(props.initialYaml);
  const [invalid, setInvalid] = useState<CourseDocumentError[]>([]);
  const [saving, save] = useAsyncFn(
    async (course: CourseDocument) => onSubmit(course),
    [onSubmit],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = readCourseYaml(text);
    if (result.ok) {
      setInvalid([]);
      save(result.course);
    } else {
      setInvalid(result.errors);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <TextField
        id={editorId}
        label="Course (YAML)"
        value={text}
        onChange={event => setText(event.target.value)}
        multiline
        minRows={20}
        fullWidth
        variant="outlined"
        error={invalid.length > 0}
        inputProps={{
          className: classes.editor,
          spellCheck: false,
          'aria-describedby': invalid.length ? errorsTitleId : undefined,
        }}
      />
      {invalid.length > 0 && (
        <Box mt={2}>
          <Alert severity="error" aria-labelledby={errorsTitleId}>
            <AlertTitle id={errorsTitleId}>
              {invalid.length === 1
                ? 'The course has a problem'
                : `The course has ${invalid.length} problems`}
            </AlertTitle>
            <ul aria-label="Problems">
              {invalid.map(error => (
                <li key={`${error.field}: ${error.message}`}>
                  <code>{error.field}</code>: {error.message}
                </li>
              ))}
            </ul>
          </Alert>
        </Box>
      )}
      {saving.error && <ErrorAlert error={saving.error} />}
      <Box mt={2}>
        <SubmitButton type="submit" busy={saving.loading}>
          {props.submitLabel}
        </SubmitButton>
      </Box>
    </form>
  );
}
