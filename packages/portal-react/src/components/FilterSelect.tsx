import TextField from '@material-ui/core/TextField';
import { useId } from 'react';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSelectProps {
  label: string;
  /** The selected value; '' selects the first option, usually "All …". */
  value: string;
  options: FilterOption[];
  onChange(value: string): void;
  disabled?: boolean;
  /** Why the options are incomplete, e.g. because they failed to load. */
  error?: string;
}

/**
 * A labelled native select: keyboard and screen-reader friendly, and
 * addressable by its label in tests.
 */
export function FilterSelect(props: FilterSelectProps) {
  const id = useId();
  return (
    <TextField
      id={id}
      select
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      disabled={props.disabled}
      error={Boolean(props.error)}
      helperText={props.error}
      variant="outlined"
      size="small"
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      {props.options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}
