import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode, useId } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ErrorAlert } from './ErrorAlert';
import { SubmitButton } from './SubmitButton';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The confirming button's label, a verb: "Tear down", "Leave course". */
  confirmLabel: string;
  /** Performs the action; the dialog shows why it failed, if it does. */
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Asks before something that cannot be undone, and does it. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const titleId = useId();
  const { onConfirm, onClose } = props;
  const [state, confirm] = useAsyncFn(async () => {
    await onConfirm();
    onClose();
  }, [onConfirm, onClose]);

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="xs">
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        {props.children}
        {state.error && <ErrorAlert error={state.error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <SubmitButton busy={state.loading} onClick={confirm}>
          {props.confirmLabel}
        </SubmitButton>
      </DialogActions>
    </Dialog>
  );
}
