import Tooltip from '@material-ui/core/Tooltip';
import { ReactElement } from 'react';

/**
 * A control the user may not use, disabled by the caller, with why on hover
 * and on focus. A disabled button gets no pointer or focus events, so the
 * tooltip sits on a focusable wrapper; closed, the tooltip is the wrapper's
 * title, its accessible description. Without a reason, the control as is.
 */
export function DisabledWithReason(props: {
  reason?: string;
  children: ReactElement;
}) {
  const { reason, children } = props;
  if (!reason) {
    return children;
  }
  return (
    <Tooltip title={reason}>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <span tabIndex={0}>{children}</span>
    </Tooltip>
  );
}
