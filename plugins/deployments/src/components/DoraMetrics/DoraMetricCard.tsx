import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Typography from '@material-ui/core/Typography';
import { DoraBand } from '@internal/plugin-deployments-common';
import { useId } from 'react';
import { DoraBandChip } from './DoraBandChip';

export interface DoraMetricCardProps {
  title: string;
  /** The value in human units, or undefined without data. */
  value?: string;
  band: DoraBand | null;
  /** What the value was computed from, e.g. "48 deployments". */
  basis: string;
}

/** One DORA metric: its value, its band and how much data it rests on. */
export function DoraMetricCard(props: DoraMetricCardProps) {
  const titleId = useId();
  return (
    <Card component="section" aria-labelledby={titleId} variant="outlined">
      <CardContent>
        <Typography id={titleId} component="h3" variant="subtitle2">
          {props.title}
        </Typography>
        <Typography component="p" variant="h4">
          {props.value ?? 'No data'}
        </Typography>
        <DoraBandChip band={props.band} />
        <Typography variant="body2" color="textSecondary">
          From {props.basis}
        </Typography>
      </CardContent>
    </Card>
  );
}
