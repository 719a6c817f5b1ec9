import { DeploymentStatus } from '@internal/plugin-deployments-common';
import { Tone } from '@internal/portal-react';

/** How a deployment's status reads, and its marker's colour. */
export const STATUS_PRESENTATION: Record<
  DeploymentStatus,
  { label: string; tone: Tone; color: string }
> = {
  pending: { label: 'Pending', tone: 'neutral', color: '#757575' },
  in_progress: { label: 'In progress', tone: 'info', color: '#1565c0' },
  succeeded: { label: 'Succeeded', tone: 'success', color: '#2e7d32' },
  failed: { label: 'Failed', tone: 'error', color: '#c62828' },
  rolled_back: { label: 'Rolled back', tone: 'warning', color: '#e65100' },
  cancelled: { label: 'Cancelled', tone: 'neutral', color: '#757575' },
};
