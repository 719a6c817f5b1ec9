import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SignalRange, SignalUnit } from '@internal/plugin-prometheus-common';
import { MouseEvent, useId, useMemo, useState } from 'react';
import {
  ChartSeries,
  DeploymentMarker,
  linePath,
  maxValue,
  nearestPoint,
  niceTicks,
} from '../../chart';
import { formatAxisTime, formatInstant, formatSignalValue } from '../../format';
import { STATUS_PRESENTATION } from './markers';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 18, right: 12, bottom: 22, left: 64 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const X_TICKS = 6;

/** Line colours; red and green are left to the deployment markers. */
export const SERIES_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#9467bd',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
];

const useStyles = makeStyles(theme => ({
  svg: { display: 'block', width: '100%', height: 'auto', overflow: 'visible' },
  axis: { stroke: theme.palette.divider, strokeWidth: 1 },
  grid: { stroke: theme.palette.divider, strokeWidth: 1, opacity: 0.5 },
  tick: { fill: theme.palette.text.secondary, fontSize: 11 },
  line: { fill: 'none', strokeWidth: 1.75, strokeLinejoin: 'round' },
  markerLabel: { fontSize: 10, fontWeight: 600 },
  hover: { stroke: theme.palette.text.secondary, strokeDasharray: '2 2' },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    listStyle: 'none',
    margin: 0,
    padding: 0,
    fontSize: theme.typography.caption.fontSize,
  },
  swatch: {
    display: 'inline-block',
    width: 12,
    height: 3,
    marginRight: theme.spacing(0.5),
    verticalAlign: 'middle',
  },
  readout: { minHeight: '1.5em' },
}));

export interface LineChartProps {
  title: string;
  unit: SignalUnit;
  series: ChartSeries[];
  /** The window, in ms since the epoch. */
  start: number;
  end: number;
  range: SignalRange;
  markers?: DeploymentMarker[];
}

/** The first and last time labels stay inside the chart. */
function tickAnchor(index: number): 'start' | 'middle' | 'end' {
  if (index === 0) return 'start';
  if (index === X_TICKS - 1) return 'end';
  return 'middle';
}

function markerTitle(marker: DeploymentMarker): string {
  return `Deployment of ${marker.version} to ${marker.environment}: ${
    STATUS_PRESENTATION[marker.status].label
  }, ${formatInstant(marker.t)}`;
}

/**
 * A small SVG line chart of one signal over a window: value axis from zero,
 * time axis, one line per series, and a vertical marker per deployment,
 * labelled with its version and coloured by its status (failed and
 * rolled-back deployments solid and thicker). Hovering shows the values
 * nearest the pointer; every marker and line has a title tooltip.
 */
export function LineChart(props: LineChartProps) {
  const classes = useStyles();
  const titleId = useId();
  const descId = useId();
  const { series, start, end, unit, markers = [] } = props;
  const [hoverT, setHoverT] = useState<number | undefined>();

  const ticks = useMemo(
    () => niceTicks(maxValue({ id: '', title: '', unit, series })),
    [series, unit],
  );
  const top = ticks[ticks.length - 1] || 1;
  const span = Math.max(1, end - start);
  const x = (t: number) => PAD.left + ((t - start) / span) * PLOT_W;
  const y = (v: number) => PAD.top + PLOT_H - (v / top) * PLOT_H;
  const xTicks = Array.from(
    { length: X_TICKS },
    (_, i) => start + (i * span) / (X_TICKS - 1),
  );

  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (!box.width) return;
    const px = ((event.clientX - box.left) / box.width) * WIDTH;
    const t = start + ((px - PAD.left) / PLOT_W) * span;
    setHoverT(t >= start && t <= end ? t : undefined);
  };

  const hasValues = series.some(s => s.points.some(([, v]) => v !== null));
  const latest = series.map(s => {
    const values = s.points.filter(([, v]) => v !== null);
    return values.length ? values[values.length - 1][1] : null;
  });
  const summary = [
    hasValues
      ? series
          .map((s, i) => `${s.label} now ${formatSignalValue(latest[i], unit)}`)
          .join('; ')
      : 'No data',
    markers.length
      ? `${markers.length} deployment${
          markers.length === 1 ? '' : 's'
        }: ${markers
          .map(m => `${m.version} (${STATUS_PRESENTATION[m.status].label})`)
          .join(', ')}`
      : 'no deployments in this window',
  ].join('. ');

  const readout =
    hoverT === undefined
      ? undefined
      : series
          .map(s => {
            const point = nearestPoint(s.points, hoverT);
            return point
              ? `${s.label} ${formatSignalValue(point[1], unit)}`
              : undefined;
          })
          .filter(Boolean)
          .join(' · ');

  return (
    <Box component="figure" m={0} aria-labelledby={titleId}>
      <Typography id={titleId} component="h3" variant="subtitle2">
        {props.title}
      </Typography>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        onMouseMove={onMove}
        onMouseLeave={() => setHoverT(undefined)}
      >
        <desc id={descId}>{summary}</desc>
        {ticks.map(tick => (
          <g key={`y${tick}`}>
            <line
              className={tick === 0 ? classes.axis : classes.grid}
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text
              className={classes.tick}
              x={PAD.left - 6}
              y={y(tick)}
              textAnchor="end"
              dominantBaseline="middle"
            >
              {formatSignalValue(tick, unit)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={`x${i}`}
            className={classes.tick}
            x={x(t)}
            y={HEIGHT - 6}
            textAnchor={tickAnchor(i)}
          >
            {formatAxisTime(t, props.range)}
          </text>
        ))}
        {series.map((s, i) => (
          <path
            key={s.key}
            className={classes.line}
            d={linePath(s.points, x, y)}
            stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
          >
            <title>{`${s.label}: now ${formatSignalValue(
              latest[i],
              unit,
            )}`}</title>
          </path>
        ))}
        {markers.map(marker => {
          const { color } = STATUS_PRESENTATION[marker.status];
          const mx = x(marker.t);
          return (
            <g
              key={marker.id}
              data-testid="deployment-marker"
              data-status={marker.status}
              data-version={marker.version}
            >
              <title>{markerTitle(marker)}</title>
              <line
                x1={mx}
                x2={mx}
                y1={PAD.top}
                y2={PAD.top + PLOT_H}
                stroke={color}
                strokeWidth={marker.bad ? 2.5 : 1.25}
                strokeDasharray={marker.bad ? undefined : '4 3'}
              />
              {/* A wider, invisible line makes the title easy to hover. */}
              <line
                x1={mx}
                x2={mx}
                y1={PAD.top}
                y2={PAD.top + PLOT_H}
                stroke="transparent"
                strokeWidth={8}
              />
              <text
                className={classes.markerLabel}
                x={mx}
                y={PAD.top - 5}
                textAnchor="middle"
                fill={color}
              >
                {marker.bad ? `⚠ ${marker.version}` : marker.version}
              </text>
            </g>
          );
        })}
        {!hasValues && (
          <text
            className={classes.tick}
            x={PAD.left + PLOT_W / 2}
            y={PAD.top + PLOT_H / 2}
            textAnchor="middle"
          >
            No data in this window
          </text>
        )}
        {hoverT !== undefined && (
          <line
            className={classes.hover}
            x1={x(hoverT)}
            x2={x(hoverT)}
            y1={PAD.top}
            y2={PAD.top + PLOT_H}
          />
        )}
      </svg>
      <Box component="figcaption">
        {series.length > 1 && (
          <ul
            className={classes.legend}
            aria-label={`Series of ${props.title}`}
          >
            {series.map((s, i) => (
              <li key={s.key}>
                <span
                  className={classes.swatch}
                  style={{
                    backgroundColor: SERIES_COLORS[i % SERIES_COLORS.length],
                  }}
                  aria-hidden
                />
                {s.label}
              </li>
            ))}
          </ul>
        )}
        <Typography
          className={classes.readout}
          variant="caption"
          color="textSecondary"
          component="p"
          aria-live="polite"
        >
          {hoverT !== undefined && readout
            ? `${formatInstant(hoverT)}: ${readout}`
            : '\u00a0'}
        </Typography>
      </Box>
    </Box>
  );
}
