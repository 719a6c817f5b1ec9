import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Promotion } from '@internal/plugin-environments-common';
import { useId } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  errorMessage,
  errorStatus,
  RelativeTime,
  SubmitButton,
} from '@internal/portal-react';
import { environmentsApiRef } from '../../api';
import { PromotionCandidate, promotionChange, serviceName } from '../../matrix';
import {
  DeploymentStatusChip,
  deploymentStatusLabel,
} from '../shared/DeploymentStatusChip';
import { DriftBadge } from '../shared/DriftBadge';
import { describeLock } from '../shared/LockBadge';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  route: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  section: {
    marginTop: theme.spacing(2),
  },
  reason: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  status: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
  },
}));

/** What the promotion is: service, version, from where to where. */
function PromotionFacts(props: { candidate: PromotionCandidate }) {
  const classes = useStyles();
  const { candidate } = props;
  return (
    <dl className={classes.facts}>
      <dt>Service</dt>
      <dd>
        <EntityRefLink
          entityRef={candidate.entityRef}
          defaultKind="component"
          hideIcon
        />
      </dd>
      <dt>Version</dt>
      <dd>{candidate.version}</dd>
      <dt>Environments</dt>
      <dd>
        <span className={classes.route}>
          {candidate.from}
          <ArrowForwardIcon fontSize="small" titleAccess="to" />
          {candidate.to.name}
        </span>
      </dd>
    </dl>
  );
}

/** What runs in the target now, and what will after the promotion. */
function PromotionChangeSummary(props: { candidate: PromotionCandidate }) {
  const classes = useStyles();
  const { candidate } = props;
  const headingId = useId();
  const target = candidate.to.name;
  const change = promotionChange(candidate);
  return (
    <section className={classes.section} aria-labelledby={headingId}>
      <Typography
        id={headingId}
        variant="subtitle2"
        component="h3"
        gutterBottom
      >
        What changes in {target}
      </Typography>
      <dl className={classes.facts}>
        <dt>Now</dt>
        <dd>
          {change.kind === 'first' ? (
            `Not deployed to ${target}`
          ) : (
            <span className={classes.route}>
              {change.current.version}, deployed{' '}
              <RelativeTime timestamp={change.current.deployedAt} />
              {change.current.drift && (
                <DriftBadge reason={change.current.driftReason} />
              )}
            </span>
          )}
        </dd>
        <dt>After</dt>
        <dd>{candidate.version}</dd>
      </dl>
      {change.kind === 'same' && (
        <Typography variant="body2" className={classes.section}>
          {target} already runs {candidate.version}; promoting it again syncs{' '}
          {target} back to that version's commit.
        </Typography>
      )}
      {change.kind !== 'first' && change.current.drift && (
        <Typography variant="body2" className={classes.section}>
          {target} has drifted from its last deployment; the promotion brings it
          back in line with Git.
        </Typography>
      )}
    </section>
  );
}

/** What is known to stand in the way before trying. */
function PromotionWarnings(props: { candidate: PromotionCandidate }) {
  const classes = useStyles();
  const { candidate } = props;
  const lock = candidate.to.environment?.lock;
  return (
    <>
      {candidate.source.status !== 'succeeded' && (
        <Alert severity="warning" role="note" className={classes.section}>
          The deployment of {candidate.version} to {candidate.from} is{' '}
          {deploymentStatusLabel(candidate.source.status).toLocaleLowerCase(
            'en-US',
          )}
          .
        </Alert>
      )}
      {lock && (
        <Alert severity="warning" role="note" className={classes.section}>
          <AlertTitle>
            {candidate.to.name} is{' '}
            {lock.source === 'freeze-window' ? 'in a freeze window' : 'locked'}
          </AlertTitle>
          {describeLock(lock)}. The promotion will be refused while it lasts.
        </Alert>
      )}
    </>
  );
}

/** Why the backend refused, as prominently as the dialog allows. */
function PromotionError(props: {
  error: Error;
  candidate: PromotionCandidate;
}) {
  const classes = useStyles();
  const titleId = useId();
  const { error, candidate } = props;
  const status = errorStatus(error);
  const titles: Record<number, string> = {
    403: 'Not allowed',
    409: 'Promotion refused',
  };
  return (
    <Alert
      severity="error"
      className={classes.section}
      aria-labelledby={titleId}
    >
      <AlertTitle id={titleId}>
        {titles[status ?? 0] ?? 'Promotion failed'}
      </AlertTitle>
      {status === 403 && (
        <Typography variant="body2" gutterBottom>
          You may not promote {serviceName(candidate.entityRef)} to{' '}
          {candidate.to.name}.
        </Typography>
      )}
      <Typography
        variant="body1"
        className={status === 409 ? classes.reason : undefined}
      >
        {errorMessage(error)}
      </Typography>
    </Alert>
  );
}

/** The accepted promotion, and where to follow it. */
function PromotionPending(props: { promotion: Promotion }) {
  const classes = useStyles();
  const { promotion } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const deploymentsLink = entityRoute
    ? `${entityRoute(
        entityRouteParams(promotion.entityRef),
      )}/deployments?${new URLSearchParams({
        environment: promotion.toEnvironment,
      })}`
    : undefined;
  return (
    <>
      <Alert severity="success" role="status" className={classes.section}>
        <AlertTitle>Promotion pending</AlertTitle>
        ArgoCD is syncing {serviceName(promotion.entityRef)} to{' '}
        {promotion.version} in {promotion.toEnvironment}. The deployment shows
        as pending until ArgoCD reports back.
      </Alert>
      <div className={classes.status}>
        <Typography variant="body2">Status</Typography>
        <DeploymentStatusChip status={promotion.status} />
      </div>
      {deploymentsLink && (
        <Box mt={2}>
          <Link to={deploymentsLink}>
            Follow the deployment on the Deployments tab
          </Link>
        </Box>
      )}
    </>
  );
}

export interface PromoteDialogProps {
  candidate: PromotionCandidate;
  onClose(): void;
  /** Once the backend accepted the promotion; views refresh on it. */
  onPromoted(promotion: Promotion): void;
}

/**
 * Confirms a promotion, showing what it changes, requests it, and then shows
 * it pending or why it was refused (a lock, a freeze window, permissions).
 */
export function PromoteDialog(props: PromoteDialogProps) {
  const { candidate, onClose, onPromoted } = props;
  const api = useApi(environmentsApiRef);
  const titleId = useId();
  const [state, promote] = useAsyncFn(async () => {
    const promotion = await api.promote({
      entityRef: candidate.entityRef,
      version: candidate.version,
      fromEnvironment: candidate.from,
      toEnvironment: candidate.to.name,
    });
    onPromoted(promotion);
    return promotion;
  }, [api, candidate, onPromoted]);
  const promotion = state.value;

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>
        Promote {serviceName(candidate.entityRef)}
      </DialogTitle>
      <DialogContent>
        <PromotionFacts candidate={candidate} />
        {promotion ? (
          <PromotionPending promotion={promotion} />
        ) : (
          <>
            <PromotionChangeSummary candidate={candidate} />
            <PromotionWarnings candidate={candidate} />
            {state.error && (
              <PromotionError error={state.error} candidate={candidate} />
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        {promotion ? (
          <Button onClick={onClose}>Close</Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <SubmitButton busy={state.loading} onClick={promote}>
              Promote to {candidate.to.name}
            </SubmitButton>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
