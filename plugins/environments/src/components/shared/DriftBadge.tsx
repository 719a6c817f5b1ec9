import Tooltip from '@material-ui/core/Tooltip';
import WarningIcon from '@material-ui/icons/Warning';
import { DriftReason } from '@internal/plugin-environments-common';
import { ToneChip } from '@internal/portal-react';

const DRIFT_REASONS: Record<DriftReason, string> = {
  'out-of-sync': 'ArgoCD reports the application out of sync with Git.',
  'image-mismatch':
    'The running image differs from the one of the deployed version.',
};

/** That what runs differs from what was last deployed, and why on hover. */
export function DriftBadge(props: { reason?: DriftReason }) {
  const title = props.reason
    ? DRIFT_REASONS[props.reason]
    : 'What runs differs from what was last deployed.';
  return (
    <Tooltip title={title}>
      <span>
        <ToneChip
          tone="warning"
          label="Drift"
          icon={<WarningIcon aria-hidden />}
        />
      </span>
    </Tooltip>
  );
}
