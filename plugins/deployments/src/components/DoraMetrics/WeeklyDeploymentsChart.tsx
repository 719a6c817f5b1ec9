import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import TrendingFlatIcon from '@material-ui/icons/TrendingFlat';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { useId } from 'react';
import { formatDate, formatPercent, pluralize } from '../../format';
import {
  TREND_WEEKS,
  WeekCount,
  WeeklyTrend,
  weeklyTrend,
} from './weeklySeries';

const CHART_HEIGHT = 120;
const BAR_WIDTH = 16;
const BAR_GAP = 4;

const useStyles = makeStyles(theme => ({
  chart: { display: 'block', width: '100%', height: CHART_HEIGHT },
  bar: { fill: theme.palette.primary.main },
  // The weeks the window cuts short are drawn paler: their counts are partial.
  partialBar: { fill: theme.palette.primary.main, opacity: 0.4 },
  baseline: { stroke: theme.palette.divider },
  trend: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

function describeTrend(trend: WeeklyTrend): string {
  const counts = `${trend.recent} vs ${pluralize(
    trend.previous,
    'deployment',
  )}`;
  const comparison = `the ${TREND_WEEKS} weeks before`;
  if (trend.direction === 'flat') {
    return `Level with ${comparison} (${pluralize(
      trend.recent,
      'deployment',
    )})`;
  }
  const direction = trend.direction === 'up' ? 'Up' : 'Down';
  const amount =
    trend.change === undefined
      ? ''
      : ` ${formatPercent(Math.abs(trend.change))}`;
  return `${direction}${amount} on ${comparison} (${counts})`;
}

const TREND_ICONS = {
  up: TrendingUpIcon,
  down: TrendingDownIcon,
  flat: TrendingFlatIcon,
};

function TrendIndicator(props: { series: WeekCount[] }) {
  const classes = useStyles();
  const trend = weeklyTrend(props.series);
  if (!trend) {
    return (
      <Typography variant="body2" color="textSecondary">
        A trend needs {2 * TREND_WEEKS} complete weeks of history.
      </Typography>
    );
  }
  const Icon = TREND_ICONS[trend.direction];
  return (
    <Typography variant="body2" component="p" className={classes.trend}>
      <Icon fontSize="small" aria-hidden />
      Last {TREND_WEEKS} weeks: {describeTrend(trend)}
    </Typography>
  );
}

function weekLabel(week: WeekCount): string {
  return `Week of ${formatDate(week.weekStart)}: ${pluralize(
    week.count,
    'deployment',
  )}${week.complete ? '' : ' (partial week)'}`;
}

/** Successful deployments per week as bars, with the recent trend. */
export function WeeklyDeploymentsChart(props: { series: WeekCount[] }) {
  const classes = useStyles();
  const titleId = useId();
  const summaryId = useId();
  const { series } = props;
  const highest = Math.max(1, ...series.map(week => week.count));
  const width = series.length * (BAR_WIDTH + BAR_GAP);
  const summary =
    series.length > 0
      ? `${series.length} weeks from ${formatDate(
          series[0].weekStart,
        )}, between ${Math.min(
          ...series.map(week => week.count),
        )} and ${highest} a week`
      : 'No weeks';

  return (
    <Box component="figure" m={0}>
      <Typography id={titleId} component="h3" variant="subtitle2">
        Successful deployments per week
      </Typography>
      <svg
        className={classes.chart}
        viewBox={`0 0 ${width} ${CHART_HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={summaryId}
      >
        <desc id={summaryId}>{summary}</desc>
        {series.map((week, index) => {
          const height = (week.count / highest) * (CHART_HEIGHT - 1);
          return (
            <rect
              key={week.weekStart}
              className={week.complete ? classes.bar : classes.partialBar}
              x={index * (BAR_WIDTH + BAR_GAP) + BAR_GAP / 2}
              y={CHART_HEIGHT - 1 - height}
              width={BAR_WIDTH}
              height={height}
            >
              <title>{weekLabel(week)}</title>
            </rect>
          );
        })}
        <line
          className={classes.baseline}
          x1={0}
          x2={width}
          y1={CHART_HEIGHT - 0.5}
          y2={CHART_HEIGHT - 0.5}
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <Box component="figcaption">
        <TrendIndicator series={series} />
      </Box>
    </Box>
  );
}
