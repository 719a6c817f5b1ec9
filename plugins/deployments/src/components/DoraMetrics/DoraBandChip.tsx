import { DoraBand } from '@internal/plugin-deployments-common';
import { Tone, ToneChip } from '@internal/portal-react';

const BAND_PRESENTATION: Record<DoraBand, { label: string; tone: Tone }> = {
  elite: { label: 'Elite', tone: 'success' },
  high: { label: 'High', tone: 'info' },
  medium: { label: 'Medium', tone: 'warning' },
  low: { label: 'Low', tone: 'error' },
};

/** A DORA performance band, coloured from elite (green) to low (red). */
export function DoraBandChip(props: { band: DoraBand | null }) {
  if (!props.band) {
    return <ToneChip tone="neutral" label="Not rated" />;
  }
  const { label, tone } = BAND_PRESENTATION[props.band];
  return <ToneChip tone={tone} label={label} />;
}
