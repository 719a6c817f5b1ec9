import { DeploymentStatus } from '@internal/plugin-deployments-common';
import { ReportedDeployment } from '../database/DeploymentStore';
import { ArgoCdNotification } from '../service/types';
import {
  applicationImage,
  ArgoCdApplication,
  ArgoCdApplicationSource,
  ArgoCdHistoryEntry,
  ArgoCdInitiator,
  ArgoCdOperationPhase,
  ArgoCdOperationState,
} from '@internal/argocd-client';

/** Where the deployments of one application are recorded. */
export interface ArgoCdDeploymentTarget {
  /** `url` is unknown for a notification from an instance the portal does not read. */
  instance: { name: string; url?: string };
  entityRef: string;
  environment: string;
}

const STATUS_OF_PHASE: Record<ArgoCdOperationPhase, DeploymentStatus> = {
  Running: 'in_progress',
  Terminating: 'in_progress',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Error: 'failed',
};

/** Long failure messages list every resource; metadata must stay below 16 KiB. */
const MAX_MESSAGE_LENGTH = 1000;

/**
 * The sourceId of one sync operation of one application. The operation's
 * start time is the one identity that the running operation, the history
 * entry it becomes and its webhook notification share, so the reader and the
 * webhook record the same deployment. Normalised, since ArgoCD writes
 * seconds (`...:05Z`) and other senders may add milliseconds.
 */
export function argoCdSourceId(
  instance: string,
  app: string,
  startedAt: string,
): string {
  return `${instance}/${app}/${new Date(startedAt).toISOString()}`;
}

/** The identity deployments read from an ArgoCD instance are recorded as triggered by. */
export function argoCdTriggeredBy(instance: string): string {
  return `service:argocd/${instance}`;
}

/** The ArgoCD UI page of an application, with its sync operation open. */
export function argoCdApplicationUrl(
  instanceUrl: string,
  app: string,
  appNamespace = 'argocd',
): string {
  return `${instanceUrl}/applications/${encodeURIComponent(
    appNamespace,
  )}/${encodeURIComponent(app)}?operation=true`;
}

/** One sync operation, from whichever ArgoCD record reported it. */
interface SyncOperation {
  app: string;
  appNamespace?: string;
  commitSha: string;
  status: DeploymentStatus;
  startedAt: string;
  finishedAt?: string;
  image?: { image: string; tag: string };
  metadata: Record<string, unknown>;
}

function toDeployment(
  sync: SyncOperation,
  target: ArgoCdDeploymentTarget,
): ReportedDeployment {
  const { instance } = target;
  return {
    entityRef: target.entityRef,
    environment: target.environment,
    version: sync.image?.tag ?? sync.commitSha.slice(0, 7),
    commitSha: sync.commitSha,
    ...(sync.image && { image: sync.image.image }),
    status: sync.status,
    startedAt: new Date(sync.startedAt).toISOString(),
    ...(sync.finishedAt && {
      finishedAt: new Date(sync.finishedAt).toISOString(),
    }),
    triggeredBy: argoCdTriggeredBy(instance.name),
    source: 'argocd',
    sourceId: argoCdSourceId(instance.name, sync.app, sync.startedAt),
    ...(instance.url && {
      url: argoCdApplicationUrl(instance.url, sync.app, sync.appNamespace),
    }),
    metadata: { instance: instance.name, app: sync.app, ...sync.metadata },
  };
}

/** A git commit sha, lower-cased; undefined for Helm chart versions and the like. */
function gitCommitSha(revision: string | undefined): string | undefined {
  return revision && /^[0-9a-f]{7,40}$/i.test(revision)
    ? revision.toLowerCase()
    : undefined;
}

function initiator(initiatedBy: ArgoCdInitiator | undefined) {
  return initiatedBy?.automated ? 'automated' : initiatedBy?.username;
}

function sourceMetadata(source: ArgoCdApplicationSource | undefined) {
  return source && { repoURL: source.repoURL, path: source.path };
}

function fromHistoryEntry(
  entry: ArgoCdHistoryEntry,
  application: ArgoCdApplication,
): SyncOperation | undefined {
  const commitSha = gitCommitSha(entry.revision ?? entry.revisions?.[0]);
  if (!commitSha) return undefined;
  return {
    app: application.metadata.name,
    appNamespace: application.metadata.namespace,
    commitSha,
    status: 'succeeded',
    startedAt: entry.deployStartedAt ?? entry.deployedAt,
    finishedAt: entry.deployedAt,
    metadata: {
      project: application.spec.project,
      historyId: entry.id,
      source: sourceMetadata(entry.source ?? application.spec.source),
      initiatedBy: initiator(entry.initiatedBy),
    },
  };
}

function fromOperationState(
  state: ArgoCdOperationState,
  application: ArgoCdApplication,
): SyncOperation | undefined {
  const sync = state.operation?.sync;
  const commitSha = gitCommitSha(
    state.syncResult?.revision ?? sync?.revision ?? sync?.revisions?.[0],
  );
  // A dry run deploys nothing.
  if (!commitSha || sync?.dryRun) return undefined;
  const status = STATUS_OF_PHASE[state.phase];
  return {
    app: application.metadata.name,
    appNamespace: application.metadata.namespace,
    commitSha,
    status,
    startedAt: state.startedAt,
    finishedAt: status === 'in_progress' ? undefined : state.finishedAt,
    metadata: {
      project: application.spec.project,
      phase: state.phase,
      message: state.message?.slice(0, MAX_MESSAGE_LENGTH),
      source: sourceMetadata(
        state.syncResult?.source ?? application.spec.source,
      ),
      initiatedBy: initiator(state.operation?.initiatedBy),
    },
  };
}

/**
 * The deployments an application's status tells of: every sync in its
 * history (all succeeded, or ArgoCD would not have recorded them) and its
 * current or last operation unless that already is in the history.
 */
export function deploymentsOfApplication(
  application: ArgoCdApplication,
  target: ArgoCdDeploymentTarget,
): ReportedDeployment[] {
  const { history = [], operationState, summary } = application.status ?? {};
  const syncs = history
    .map(entry => fromHistoryEntry(entry, application))
    .filter((sync): sync is SyncOperation => sync !== undefined);

  const sourceIdOf = (startedAt: string) =>
    argoCdSourceId(target.instance.name, application.metadata.name, startedAt);
  const inHistory = new Set(syncs.map(sync => sourceIdOf(sync.startedAt)));
  const operation =
    operationState && !inHistory.has(sourceIdOf(operationState.startedAt))
      ? fromOperationState(operationState, application)
      : undefined;
  if (operation) syncs.push(operation);

  // The images running now belong to the newest sync that was not refused.
  const live = syncs.findLast(sync => sync.status !== 'failed');
  if (live) {
    live.image = applicationImage(summary?.images, application.metadata.name);
  }
  return syncs.map(sync => toDeployment(sync, target));
}

/** The deployment an argocd-notifications webhook tells of. */
export function deploymentOfNotification(
  notification: ArgoCdNotification,
  target: ArgoCdDeploymentTarget,
): ReportedDeployment | undefined {
  const commitSha = gitCommitSha(notification.revision);
  if (!commitSha) return undefined;
  const status = STATUS_OF_PHASE[notification.phase];
  return toDeployment(
    {
      app: notification.app,
      commitSha,
      status,
      startedAt: notification.startedAt,
      finishedAt:
        status === 'in_progress' ? undefined : notification.finishedAt,
      image: applicationImage(notification.images, notification.app),
      metadata: {
        project: notification.project,
        destinationNamespace: notification.destinationNamespace,
        author: notification.author,
      },
    },
    target,
  );
}
