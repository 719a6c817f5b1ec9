import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { MatrixRow } from '@internal/plugin-environments-common';
import {
  MatrixColumn,
  PromotionCandidate,
  promotionCandidate,
} from '../../matrix';
import { EnvironmentHeading } from './EnvironmentHeading';
import { VersionCell } from './VersionCell';

const useStyles = makeStyles(theme => ({
  container: {
    // Long enough to be useful, short enough that the header stays in view
    // on the page; the header row and the service column stick.
    maxHeight: '70vh',
  },
  cell: {
    verticalAlign: 'top',
    minWidth: 160,
  },
  service: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: theme.palette.background.paper,
    borderRight: `1px solid ${theme.palette.divider}`,
    verticalAlign: 'top',
    whiteSpace: 'nowrap',
  },
  // The top-left cell sticks both ways, above the others of either kind.
  corner: {
    zIndex: 3,
  },
}));

const MATRIX_LABEL = 'Versions by environment';

export interface VersionMatrixProps {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  onPromote(candidate: PromotionCandidate): void;
}

/**
 * Services down, environments across, each cell the version running there.
 * The header row and the service column stay in view while scrolling.
 */
export function VersionMatrix(props: VersionMatrixProps) {
  const classes = useStyles();
  const { columns, rows, onPromote } = props;
  return (
    <TableContainer
      className={classes.container}
      // A scrollable region must be reachable by keyboard, and named.
      tabIndex={0}
      role="region"
      aria-label={`${MATRIX_LABEL}, scrollable`}
    >
      <Table stickyHeader size="small" aria-label={MATRIX_LABEL}>
        <TableHead>
          <TableRow>
            <TableCell className={`${classes.service} ${classes.corner}`}>
              Service
            </TableCell>
            {columns.map(column => (
              <TableCell key={column.name} className={classes.cell}>
                <EnvironmentHeading column={column} />
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow key={row.entityRef}>
              {/* MUI marks body cells role="cell"; this one heads its row. */}
              <TableCell
                component="th"
                scope="row"
                role="rowheader"
                className={classes.service}
              >
                <EntityRefLink
                  entityRef={row.entityRef}
                  defaultKind="component"
                  hideIcon
                />
              </TableCell>
              {columns.map(column => (
                <TableCell key={column.name} className={classes.cell}>
                  <VersionCell
                    cell={row.versions[column.name]}
                    candidate={promotionCandidate(row, columns, column.name)}
                    onPromote={onPromote}
                  />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
