import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { SectionCard, ToneChip } from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { formatFreezeWindow } from '../../format';

/** The weekly freeze windows of an environment, and whether one is on now. */
export function FreezeWindowsSection(props: { environment: string }) {
  const { environment } = props;
  const api = useApi(environmentsApiRef);
  const windows = useAsync(
    async () => (await api.listFreezeWindows({ environment })).items,
    [api, environment],
  );

  let content;
  if (windows.error) {
    content = <ResponseErrorPanel error={windows.error} />;
  } else if (!windows.value) {
    content = <Progress />;
  } else if (windows.value.length === 0) {
    content = <Typography>No freeze windows.</Typography>;
  } else {
    content = (
      <Table size="small" aria-label={`Freeze windows of ${environment}`}>
        <TableHead>
          <TableRow>
            <TableCell>Every week</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Now</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {windows.value.map(window => (
            <TableRow key={window.id}>
              <TableCell component="th" scope="row" role="rowheader">
                {formatFreezeWindow(window)}
              </TableCell>
              <TableCell>{window.reason}</TableCell>
              <TableCell>
                {window.active ? (
                  <ToneChip tone="error" label="In force" />
                ) : (
                  <ToneChip tone="neutral" label="Not in force" />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <SectionCard
      title="Freeze windows"
      subheader="Promotions are refused during these weekly windows."
    >
      {content}
    </SectionCard>
  );
}
