import Chip from '@material-ui/core/Chip';
import {
  blue,
  deepOrange,
  green,
  grey,
  orange,
  red,
} from '@material-ui/core/colors';
import { makeStyles } from '@material-ui/core/styles';
import { ReactElement } from 'react';

/** What a chip's colour says about its subject. */
export type Tone = 'success' | 'info' | 'warning' | 'error' | 'neutral';

// Dark text on a pale tint of the same hue: readable (WCAG AA) in the light
// and the dark theme alike. The label carries the meaning; colour only adds.
function tint(background: string, text: string) {
  return {
    backgroundColor: background,
    color: text,
    borderColor: text,
    '& .MuiChip-icon': { color: text },
  };
}

const useStyles = makeStyles({
  success: tint(green[50], green[900]),
  info: tint(blue[50], blue[900]),
  warning: tint(orange[50], deepOrange[900]),
  error: tint(red[50], red[900]),
  neutral: tint(grey[100], grey[800]),
});

export interface ToneChipProps {
  tone: Tone;
  label: string;
  icon?: ReactElement;
}

/** A small chip coloured by what it says. */
export function ToneChip(props: ToneChipProps) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes[props.tone]}
      label={props.label}
      icon={props.icon}
    />
  );
}
