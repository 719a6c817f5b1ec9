import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  environmentPromoteOverridePermission,
  environmentPromoteProductionPermission,
  Promotion,
} from '@internal/plugin-environments-common';
import { useId, useState } from 'react';
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

/** The longest reason the backend takes for an override. */
const MAX_OVERRIDE_REASON_LENGTH = 500;

/** An override of the target's lock, for those who may; its reason is required. */
interface OverrideChoice {
  chosen: boolean;
  reason: string;
}

function overrideReasonError(reason: string): string | undefined {
  if (!reason.trim()) {
    return 'Say why the lock may not hold for this promotion; the audit trail keeps it.';
  }
  if (reason.length > MAX_OVERRIDE_REASON_LENGTH) {
    return `Use at most ${MAX_OVERRIDE_REASON_LENGTH} characters.`;
  }
  return undefined;
}

/** The administrators' way past a lock or freeze window, with a reason. */
function OverrideLock(props: {
  what: string;
  choice: OverrideChoice;
  submitted: boolean;
  onChange(choice: OverrideChoice): void;
}) {
  const classes = useStyles();
  // Ties the field to its label and helper text.
  const reasonId = useId();
  const { what, choice, submitted, onChange } = props;
  const error = overrideReasonError(choice.reason);
  return (
    <Box className={classes.section}>
      <FormControlLabel
        control={
          <Checkbox
            checked={choice.chosen}
            onChange={event =>
              onChange({ ...choice, chosen: event.target.checked })
            }
            color="primary"
          />
        }
        label={`Override the ${what}`}
      />
      {choice.chosen && (
        <TextField
          id={reasonId}
          label="Reason for the override"
          value={choice.reason}
          onChange={event =>
            onChange({ ...choice, reason: event.target.value })
          }
          error={submitted && Boolean(error)}
          helperText={
            (submitted && error) ||
            'Recorded with the promotion in the audit trail.'
          }
          required
          fullWidth
          multiline
          margin="dense"
          inputProps={{ maxLength: MAX_OVERRIDE_REASON_LENGTH }}
        />
      )}
    </Box>
  );
}

/** What is known to stand in the way before trying. */
function PromotionWarnings(props: {
  candidate: PromotionCandidate;
  /** Whether the user may override the lock (an administrator). */
  mayOverride: boolean;
}) {
  const classes = useStyles();
  const { candidate, mayOverride } = props;
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
          {describeLock(lock)}.{' '}
          {mayOverride
            ? 'The promotion will be refused while it lasts, unless you override it.'
            : 'The promotion will be refused while it lasts.'}
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
  const classes = useStyles();
  const api = useApi(environmentsApiRef);
  const titleId = useId();
  const toProduction = candidate.to.environment?.tier === 'production';
  const lock = candidate.to.environment?.lock;
  // The backend decides; these only spare users a request bound to fail.
  const production = usePermission({
    permission: environmentPromoteProductionPermission,
  });
  const overriding = usePermission({
    permission: environmentPromoteOverridePermission,
  });
  const productionDenied =
    toProduction && !production.loading && !production.allowed;
  const mayOverride = Boolean(lock) && overriding.allowed;
  const [override, setOverride] = useState<OverrideChoice>({
    chosen: false,
    reason: '',
  });
  const [submitted, setSubmitted] = useState(false);
  const withOverride = mayOverride && override.chosen;

  const [state, promote] = useAsyncFn(async () => {
    const promotion = await api.promote({
      entityRef: candidate.entityRef,
      version: candidate.version,
      fromEnvironment: candidate.from,
      toEnvironment: candidate.to.name,
      ...(withOverride && { override: { reason: override.reason.trim() } }),
    });
    onPromoted(promotion);
    return promotion;
  }, [api, candidate, onPromoted, withOverride, override.reason]);
  const promotion = state.value;

  const submit = () => {
    setSubmitted(true);
    if (withOverride && overrideReasonError(override.reason)) {
      return;
    }
    promote();
  };

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
            <PromotionWarnings
              candidate={candidate}
              mayOverride={mayOverride}
            />
            {productionDenied && (
              <Alert severity="info" role="note" className={classes.section}>
                Promoting to production needs a platform admin.
              </Alert>
            )}
            {mayOverride && !productionDenied && (
              <OverrideLock
                what={
                  lock?.source === 'freeze-window' ? 'freeze window' : 'lock'
                }
                choice={override}
                submitted={submitted}
                onChange={setOverride}
              />
            )}
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
            <SubmitButton
              busy={state.loading}
              disabled={productionDenied}
              onClick={submit}
            >
              {withOverride
                ? `Override and promote to ${candidate.to.name}`
                : `Promote to ${candidate.to.name}`}
            </SubmitButton>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
