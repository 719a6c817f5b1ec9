import Button, { ButtonProps } from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';

export interface SubmitButtonProps
  extends Omit<ButtonProps, 'variant' | 'color'> {
  /** While the request is under way: disabled, with a spinner. */
  busy?: boolean;
}

/** A dialog's primary action. */
export function SubmitButton(props: SubmitButtonProps) {
  const { busy, disabled, ...rest } = props;
  return (
    <Button
      variant="contained"
      color="primary"
      disabled={busy || disabled}
      startIcon={busy ? <CircularProgress size={16} aria-hidden /> : undefined}
      {...rest}
    />
  );
}
