import { EnvironmentStatus } from '@internal/plugin-environments-common';
import { Tone, ToneChip } from '@internal/portal-react';

const STATUS_PRESENTATION: Record<
  EnvironmentStatus,
  { label: string; tone: Tone }
> = {
  active: { label: 'Active', tone: 'success' },
  expiring: { label: 'Expiring', tone: 'warning' },
  tearing_down: { label: 'Tearing down', tone: 'neutral' },
};

/** Where an environment is in its life. */
export function EnvironmentStatusChip(props: { status: EnvironmentStatus }) {
  const { label, tone } = STATUS_PRESENTATION[props.status];
  return <ToneChip tone={tone} label={label} />;
}
