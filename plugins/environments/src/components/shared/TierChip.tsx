import { EnvironmentTier } from '@internal/plugin-environments-common';
import { Tone, ToneChip } from '@internal/portal-react';

const TIER_PRESENTATION: Record<
  EnvironmentTier,
  { label: string; tone: Tone }
> = {
  development: { label: 'Development', tone: 'neutral' },
  staging: { label: 'Staging', tone: 'info' },
  production: { label: 'Production', tone: 'warning' },
  preview: { label: 'Preview', tone: 'success' },
};

/** How close to production an environment is, as a chip. */
export function TierChip(props: { tier: EnvironmentTier }) {
  const { label, tone } = TIER_PRESENTATION[props.tier];
  return <ToneChip tone={tone} label={label} />;
}
