import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { getEntityRelations, useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { MatrixRow } from '@internal/plugin-environments-common';
import { useCallback, useMemo, useState } from 'react';
import { RelativeTime } from '@internal/portal-react';
import { useEnvironments, useMatrix } from '../../hooks/useEnvironments';
import {
  columnsOfService,
  MatrixColumn,
  matrixColumns,
  PromotionCandidate,
  promotionCandidate,
} from '../../matrix';
import { PromoteDialog } from '../PromoteDialog';
import { DeploymentStatusChip } from '../shared/DeploymentStatusChip';
import { DriftBadge } from '../shared/DriftBadge';
import { VisuallyHidden } from '../shared/VisuallyHidden';
import { EnvironmentHeading, PromoteButton } from '../VersionMatrix';

const TITLE = 'Environments';

const useStyles = makeStyles(theme => ({
  version: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/**
 * The owner whose matrix holds the entity: fetching that, rather than every
 * service's, keeps the response small.
 */
function ownerOf(entity: Entity): string | undefined {
  const [owner] = getEntityRelations(entity, RELATION_OWNED_BY);
  if (owner) {
    return stringifyEntityRef(owner);
  }
  const specOwner = entity.spec?.owner;
  if (typeof specOwner !== 'string' || !specOwner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(specOwner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function sameRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

function ServiceEnvironmentsTable(props: {
  name: string;
  row: MatrixRow;
  columns: MatrixColumn[];
  onPromote(candidate: PromotionCandidate): void;
}) {
  const classes = useStyles();
  const { row, columns, onPromote } = props;
  return (
    <Table size="small" aria-label={`Environments of ${props.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Deployed</TableCell>
          <TableCell>
            <VisuallyHidden>Actions</VisuallyHidden>
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {columns.map(column => {
          const cell = row.versions[column.name];
          const candidate = promotionCandidate(row, columns, column.name);
          return (
            <TableRow key={column.name}>
              {/* MUI marks body cells role="cell"; this one heads its row. */}
              <TableCell component="th" scope="row" role="rowheader">
                <EnvironmentHeading column={column} />
              </TableCell>
              {cell ? (
                <>
                  <TableCell>
                    <div className={classes.version}>
                      {cell.version}
                      {cell.drift && <DriftBadge reason={cell.driftReason} />}
                    </div>
                  </TableCell>
                  <TableCell>
                    <DeploymentStatusChip status={cell.status} />
                  </TableCell>
                  <TableCell>
                    <RelativeTime timestamp={cell.deployedAt} />
                  </TableCell>
                </>
              ) : (
                <TableCell colSpan={3}>
                  <Typography variant="body2" color="textSecondary">
                    Not deployed
                  </Typography>
                </TableCell>
              )}
              <TableCell align="right">
                {candidate && (
                  <PromoteButton candidate={candidate} onPromote={onPromote} />
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function EntityEnvironmentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const matrix = useMatrix(ownerOf(entity));
  const environments = useEnvironments();
  const [candidate, setCandidate] = useState<PromotionCandidate>();
  const closePromotion = useCallback(() => setCandidate(undefined), []);

  const row = matrix.value?.rows.find(r => sameRef(r.entityRef, entityRef));
  const columns = useMemo(
    () =>
      columnsOfService(
        matrixColumns(
          matrix.value?.environments ?? [],
          environments.value ?? [],
        ),
        row,
      ),
    [matrix.value, environments.value, row],
  );

  if (matrix.error) {
    return <ResponseErrorPanel error={matrix.error} />;
  }
  if (!matrix.value) {
    return <Progress />;
  }
  if (!row || Object.keys(row.versions).length === 0) {
    return (
      <Typography>
        Not deployed to any environment yet. Versions appear here once CI or
        ArgoCD reports a deployment.
      </Typography>
    );
  }
  return (
    <>
      <ServiceEnvironmentsTable
        name={entity.metadata.name}
        row={row}
        columns={columns}
        onPromote={setCandidate}
      />
      {candidate && (
        <PromoteDialog
          candidate={candidate}
          onClose={closePromotion}
          onPromoted={matrix.retry}
        />
      )}
    </>
  );
}

/**
 * A component's version in each environment, with drift and locks, and the
 * promotion of each version to the next environment.
 */
export function EntityEnvironmentsCard() {
  return (
    <InfoCard title={TITLE}>
      <EntityEnvironmentsContent />
    </InfoCard>
  );
}
