import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ActorLink,
  LoadMoreButton,
  RelativeTime,
  SectionCard,
} from '@internal/portal-react';
import { auditActionLabel, auditDetails } from '../../audit';
import { AuditTrail } from '../../hooks/useAuditTrail';

export interface AuditSectionProps {
  environment: string;
  trail: AuditTrail;
}

/** Who changed what in an environment, newest first, with "Load more". */
export function AuditSection(props: AuditSectionProps) {
  const { environment, trail } = props;
  return (
    <SectionCard title="Audit trail">
      {trail.error && (
        <Box mb={2}>
          <ResponseErrorPanel error={trail.error} />
        </Box>
      )}
      {trail.loading && <LinearProgress aria-label="Loading the audit trail" />}
      {!trail.loading && !trail.error && trail.items.length === 0 && (
        <Typography>No changes recorded yet.</Typography>
      )}
      {trail.items.length > 0 && (
        <Table size="small" aria-label={`Audit trail of ${environment}`}>
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Details</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {trail.items.map(entry => (
              <TableRow key={entry.id}>
                <TableCell>
                  <RelativeTime timestamp={entry.createdAt} />
                </TableCell>
                <TableCell>
                  <ActorLink actor={entry.actor} />
                </TableCell>
                <TableCell>{auditActionLabel(entry.action)}</TableCell>
                <TableCell>{auditDetails(entry)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {trail.hasMore && (
        <LoadMoreButton onClick={trail.loadMore} loading={trail.loadingMore} />
      )}
    </SectionCard>
  );
}
