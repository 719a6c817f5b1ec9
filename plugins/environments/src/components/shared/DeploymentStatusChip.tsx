import { SvgIconProps } from '@material-ui/core/SvgIcon';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import ReplayIcon from '@material-ui/icons/Replay';
import ScheduleIcon from '@material-ui/icons/Schedule';
import SyncIcon from '@material-ui/icons/Sync';
import { MatrixDeploymentStatus } from '@internal/plugin-environments-common';
import { ComponentType } from 'react';
import { Tone, ToneChip } from '@internal/portal-react';

interface StatusPresentation {
  label: string;
  tone: Tone;
  Icon: ComponentType<SvgIconProps>;
}

// As the Deployments tab shows them, so that a status reads the same there.
const STATUS_PRESENTATION: Record<MatrixDeploymentStatus, StatusPresentation> =
  {
    pending: { label: 'Pending', tone: 'neutral', Icon: ScheduleIcon },
    in_progress: { label: 'In progress', tone: 'info', Icon: SyncIcon },
    succeeded: { label: 'Succeeded', tone: 'success', Icon: CheckCircleIcon },
    failed: { label: 'Failed', tone: 'error', Icon: ErrorIcon },
    rolled_back: { label: 'Rolled back', tone: 'warning', Icon: ReplayIcon },
    cancelled: { label: 'Cancelled', tone: 'neutral', Icon: BlockIcon },
  };

/** How a status reads to people, e.g. "Rolled back". */
export function deploymentStatusLabel(status: MatrixDeploymentStatus): string {
  return STATUS_PRESENTATION[status].label;
}

/** A deployment's status as a chip coloured by outcome. */
export function DeploymentStatusChip(props: {
  status: MatrixDeploymentStatus;
}) {
  const { label, tone, Icon } = STATUS_PRESENTATION[props.status];
  return <ToneChip tone={tone} label={label} icon={<Icon aria-hidden />} />;
}
