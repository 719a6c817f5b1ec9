import { Deployment } from '@internal/plugin-deployments-common';
import { RelativeTime, Tone, ToneChip } from '@internal/portal-react';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import {
  AlertSummary,
  ArgoStatus,
  ERROR_RATIO_CRITICAL,
  ERROR_RATIO_WARNING,
  Readiness,
  SourceResult,
} from '../../status';

/** A cell of one source: its content, "Unavailable" with why, or "—". */
export function SourceCell<T>(props: {
  result: SourceResult<T>;
  children: (value: T) => ReactNode;
}) {
  const { result } = props;
  if (result.state === 'absent') {
    return (
      <Typography variant="body2" color="textSecondary" aria-label="Not set up">
        —
      </Typography>
    );
  }
  if (result.state === 'error') {
    return (
      <Tooltip title={result.message}>
        <span>
          <ToneChip tone="neutral" label="Unavailable" />
        </span>
      </Tooltip>
    );
  }
  return <>{props.children(result.value)}</>;
}

const Chips = (props: { children: ReactNode }) => (
  <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
    {props.children}
  </Box>
);

export function ArgoCell(props: { value: ArgoStatus }) {
  const { sync, health } = props.value;
  let syncTone: Tone = 'neutral';
  if (sync === 'Synced') syncTone = 'success';
  else if (sync === 'OutOfSync') syncTone = 'warning';
  let healthTone: Tone = 'neutral';
  if (health === 'Healthy') healthTone = 'success';
  else if (health === 'Degraded' || health === 'Missing') healthTone = 'error';
  else if (health === 'Progressing') healthTone = 'info';
  else if (health === 'Suspended') healthTone = 'warning';
  return (
    <Chips>
      <ToneChip tone={syncTone} label={sync} />
      <ToneChip tone={healthTone} label={health} />
    </Chips>
  );
}

export function ReadinessCell(props: { value: Readiness }) {
  const { ready, desired } = props.value;
  let tone: Tone = 'success';
  if (desired > 0 && ready === 0) tone = 'error';
  else if (ready < desired) tone = 'warning';
  return <ToneChip tone={tone} label={`${ready}/${desired} ready`} />;
}

export function AlertsCell(props: { value: AlertSummary }) {
  const { firing, pending, worstSeverity, names } = props.value;
  if (firing === 0 && pending === 0) {
    return <ToneChip tone="success" label="None" />;
  }
  return (
    <Chips>
      {firing > 0 && (
        <Tooltip title={names.join(', ')}>
          <span>
            <ToneChip
              tone={worstSeverity === 'warning' ? 'warning' : 'error'}
              label={`${firing} firing`}
            />
          </span>
        </Tooltip>
      )}
      {pending > 0 && <ToneChip tone="warning" label={`${pending} pending`} />}
    </Chips>
  );
}

/** A ratio as a percentage with up to three significant digits: `0.42%`. */
export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(3))}%`;
}

export function ErrorRatioCell(props: { value: number | null }) {
  const { value } = props;
  if (value === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        No traffic
      </Typography>
    );
  }
  let tone: Tone = 'success';
  if (value >= ERROR_RATIO_CRITICAL) tone = 'error';
  else if (value >= ERROR_RATIO_WARNING) tone = 'warning';
  return <ToneChip tone={tone} label={formatPercent(value)} />;
}

const DEPLOYMENT_STATUS: Record<
  Deployment['status'],
  { label: string; tone: Tone }
> = {
  pending: { label: 'Pending', tone: 'neutral' },
  in_progress: { label: 'In progress', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'error' },
  rolled_back: { label: 'Rolled back', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export function LastDeploymentCell(props: { value: Deployment | undefined }) {
  const deployment = props.value;
  if (!deployment) {
    return (
      <Typography variant="body2" color="textSecondary">
        Never deployed
      </Typography>
    );
  }
  const { label, tone } = DEPLOYMENT_STATUS[deployment.status];
  return (
    <Box>
      <Chips>
        <Typography variant="body2" component="span">
          {deployment.version}
        </Typography>
        <ToneChip tone={tone} label={label} />
      </Chips>
      <Typography variant="caption" color="textSecondary">
        <RelativeTime
          timestamp={deployment.finishedAt ?? deployment.startedAt}
        />
      </Typography>
    </Box>
  );
}
