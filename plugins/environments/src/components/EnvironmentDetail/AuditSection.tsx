import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { auditActionLabel, auditDetails } from '../../audit';
import { AuditTrail } from '../../hooks/useAuditTrail';
import { ActorLink } from '../shared/ActorLink';
import { RelativeTime } from '../shared/RelativeTime';
import { SectionCard } from '../shared/SectionCard';

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
        <Box display="flex" justifyContent="center" mt={2}>
          <Button
            variant="outlined"
            onClick={trail.loadMore}
            disabled={trail.loadingMore}
            startIcon={
              trail.loadingMore ? (
                <CircularProgress size={16} aria-hidden />
              ) : undefined
            }
          >
            Load more
          </Button>
        </Box>
      )}
    </SectionCard>
  );
}
