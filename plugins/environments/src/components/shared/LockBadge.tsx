import Tooltip from '@material-ui/core/Tooltip';
import LockIcon from '@material-ui/icons/Lock';
import { EnvironmentLockSummary } from '@internal/plugin-environments-common';
import { formatDateTime, ToneChip } from '@internal/portal-react';

/** "Release freeze, until Monday, November 17, 2025 at 8:00 AM GMT+1". */
export function describeLock(lock: EnvironmentLockSummary): string {
  return lock.until
    ? `${lock.reason}, until ${formatDateTime(lock.until)}`
    : `${lock.reason}, until lifted`;
}

/**
 * That promotions to an environment are refused, and why on hover: "Locked"
 * for a lock someone set, "Frozen" during a freeze window. The environment's
 * page, and the promote dialog, spell the reason out.
 */
export function LockBadge(props: { lock: EnvironmentLockSummary }) {
  const { lock } = props;
  return (
    <Tooltip title={describeLock(lock)}>
      {/* Closed, the tooltip is the span's title: its accessible description. */}
      <span>
        <ToneChip
          tone="error"
          label={lock.source === 'freeze-window' ? 'Frozen' : 'Locked'}
          icon={<LockIcon aria-hidden />}
        />
      </span>
    </Tooltip>
  );
}
