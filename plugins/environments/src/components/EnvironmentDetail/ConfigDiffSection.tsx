import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ConfigDiff,
  ConfigDiffSide,
  ConfigDiffStatus,
} from '@internal/plugin-environments-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  FilterSelect,
  SectionCard,
  Tone,
  ToneChip,
  useSearchParam,
} from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { diffStatusLabel, displayedValue } from '../../config';

const useStyles = makeStyles(theme => ({
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(3),
    marginBottom: theme.spacing(2),
    '& > :first-child': { minWidth: 220 },
  },
  value: {
    overflowWrap: 'anywhere',
  },
}));

const STATUS_TONES: Record<ConfigDiffStatus, Tone> = {
  same: 'success',
  different: 'warning',
  'only-from': 'info',
  'only-to': 'info',
  not_compared: 'neutral',
};

const STATUS_ORDER: readonly ConfigDiffStatus[] = [
  'different',
  'only-from',
  'only-to',
  'not_compared',
  'same',
];

function DiffValue(props: { side?: ConfigDiffSide }) {
  const classes = useStyles();
  if (!props.side) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not set
      </Typography>
    );
  }
  return <code className={classes.value}>{displayedValue(props.side)}</code>;
}

/** "2 different, 1 only in staging, 3 secrets not compared, 14 same". */
function summarize(diff: ConfigDiff): string {
  const counts = new Map<ConfigDiffStatus, number>();
  for (const item of diff.items) {
    counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  }
  return STATUS_ORDER.filter(status => counts.has(status))
    .map(status => {
      const count = counts.get(status)!;
      if (status === 'not_compared') {
        return `${count} ${count === 1 ? 'secret' : 'secrets'} not compared`;
      }
      return `${count} ${diffStatusLabel(
        status,
        diff.from,
        diff.to,
      ).toLocaleLowerCase('en-US')}`;
    })
    .join(', ');
}

function DiffTable(props: { diff: ConfigDiff; differencesOnly: boolean }) {
  const { diff, differencesOnly } = props;
  const items = differencesOnly
    ? diff.items.filter(item => item.status !== 'same')
    : diff.items;
  if (diff.items.length === 0) {
    return <Typography>Neither environment has configuration.</Typography>;
  }
  return (
    <>
      <Typography variant="body2" gutterBottom>
        {summarize(diff)}
      </Typography>
      {items.length === 0 ? (
        <Typography>
          The configuration of {diff.from} and {diff.to} is the same.
        </Typography>
      ) : (
        <Table
          size="small"
          aria-label={`Configuration of ${diff.from} compared with ${diff.to}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Key</TableCell>
              <TableCell>{diff.from}</TableCell>
              <TableCell>{diff.to}</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(item => (
              <TableRow key={item.key}>
                <TableCell component="th" scope="row" role="rowheader">
                  <code>{item.key}</code>
                </TableCell>
                <TableCell>
                  <DiffValue side={item.from} />
                </TableCell>
                <TableCell>
                  <DiffValue side={item.to} />
                </TableCell>
                <TableCell>
                  <ToneChip
                    tone={STATUS_TONES[item.status]}
                    label={diffStatusLabel(item.status, diff.from, diff.to)}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

export interface ConfigDiffSectionProps {
  environment: string;
  /** The environments to compare with; this one is left out. */
  environmentNames: string[];
}

/**
 * This environment's configuration against another's, key by key. The
 * environment to compare with is in the URL, so a comparison can be shared.
 */
export function ConfigDiffSection(props: ConfigDiffSectionProps) {
  const classes = useStyles();
  const { environment } = props;
  const api = useApi(environmentsApiRef);
  const [compareWith, setCompareWith] = useSearchParam('compare');
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const diff = useAsync(
    async () =>
      compareWith ? api.getConfigDiff(environment, compareWith) : undefined,
    [api, environment, compareWith],
  );

  const options = [
    { value: '', label: 'Choose an environment' },
    ...props.environmentNames
      .filter(name => name !== environment)
      .map(name => ({ value: name, label: name })),
  ];
  if (compareWith && !options.some(option => option.value === compareWith)) {
    options.push({ value: compareWith, label: compareWith });
  }

  let content;
  if (!compareWith) {
    content = (
      <Typography>
        Choose an environment to see where its configuration differs.
      </Typography>
    );
  } else if (diff.error) {
    content = <ResponseErrorPanel error={diff.error} />;
  } else if (diff.loading || !diff.value) {
    content = <Progress />;
  } else {
    content = <DiffTable diff={diff.value} differencesOnly={differencesOnly} />;
  }

  return (
    <SectionCard title="Compare configuration">
      <Box className={classes.controls}>
        <FilterSelect
          label="Compare with"
          value={compareWith ?? ''}
          options={options}
          onChange={setCompareWith}
        />
        <FormControlLabel
          control={
            <Switch
              checked={differencesOnly}
              onChange={event => setDifferencesOnly(event.target.checked)}
            />
          }
          label="Differences only"
        />
      </Box>
      {content}
    </SectionCard>
  );
}
