import { Link, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Deployment,
  DeploymentSource,
  safeHttpUrl,
} from '@internal/plugin-deployments-common';
import { ReactNode, useMemo } from 'react';
import { ActorLink, RelativeTime } from '@internal/portal-react';
import { formatDuration, secondsBetween, shortSha } from '../../format';
import { DeploymentStatusChip } from '../shared/DeploymentStatusChip';
import { githubCommitUrl } from './sourceRepository';

const SOURCE_LABELS: Record<DeploymentSource, string> = {
  ci: 'CI',
  argocd: 'Argo CD',
  kubernetes: 'Kubernetes',
  manual: 'Manual',
};

function CommitCell(props: { sha: string; repositoryUrl?: string }) {
  const sha = <code>{shortSha(props.sha)}</code>;
  if (!props.repositoryUrl) {
    return sha;
  }
  return (
    <Link
      to={githubCommitUrl(props.repositoryUrl, props.sha)}
      title={props.sha}
    >
      {sha}
    </Link>
  );
}

/**
 * The reporting system, linked to the pipeline run or sync when it has an
 * http(s) URL; anything else (a javascript: URL stored before the backend
 * refused them) stays text.
 */
function SourceCell(props: { deployment: Deployment }) {
  const label = SOURCE_LABELS[props.deployment.source];
  const href = safeHttpUrl(props.deployment.url);
  if (!href) {
    return <>{label}</>;
  }
  return <Link to={href}>{label}</Link>;
}

function durationOf(deployment: Deployment): string {
  const seconds = secondsBetween(deployment.startedAt, deployment.finishedAt);
  return seconds === undefined ? '—' : formatDuration(seconds);
}

function deploymentColumns(options: {
  showEntity: boolean;
  repositoryUrl?: string;
}): TableColumn<Deployment>[] {
  const serviceColumn: TableColumn<Deployment> = {
    title: 'Service',
    field: 'entityRef',
    render: deployment => (
      <EntityRefLink
        entityRef={deployment.entityRef}
        defaultKind="component"
        hideIcon
      />
    ),
  };
  return [
    ...(options.showEntity ? [serviceColumn] : []),
    {
      title: 'Status',
      field: 'status',
      render: deployment => <DeploymentStatusChip status={deployment.status} />,
    },
    { title: 'Environment', field: 'environment' },
    { title: 'Version', field: 'version', highlight: true },
    {
      title: 'Commit',
      field: 'commitSha',
      render: deployment => (
        <CommitCell
          sha={deployment.commitSha}
          repositoryUrl={options.repositoryUrl}
        />
      ),
    },
    {
      title: 'Triggered by',
      field: 'triggeredBy',
      render: deployment => <ActorLink actor={deployment.triggeredBy} />,
    },
    {
      title: 'Started',
      field: 'startedAt',
      render: deployment => <RelativeTime timestamp={deployment.startedAt} />,
    },
    { title: 'Duration', render: durationOf },
    {
      title: 'Source',
      field: 'source',
      render: deployment => <SourceCell deployment={deployment} />,
    },
  ];
}

export interface DeploymentsTableProps {
  title: string;
  deployments: Deployment[];
  loading: boolean;
  /** Adds a column with the deployed service, for lists across services. */
  showEntity?: boolean;
  /** The GitHub repository to link commits to, when there is one. */
  repositoryUrl?: string;
  emptyContent: ReactNode;
}

/** Deployments, newest first, one row each. */
export function DeploymentsTable(props: DeploymentsTableProps) {
  const { showEntity = false, repositoryUrl } = props;
  const columns = useMemo(
    () => deploymentColumns({ showEntity, repositoryUrl }),
    [showEntity, repositoryUrl],
  );
  // material-table writes its bookkeeping into row objects; give it copies.
  const rows = useMemo(
    () => props.deployments.map(deployment => ({ ...deployment })),
    [props.deployments],
  );
  return (
    <Table<Deployment>
      title={props.title}
      columns={columns}
      data={rows}
      isLoading={props.loading}
      emptyContent={props.emptyContent}
      options={{
        paging: false,
        search: false,
        sorting: false,
        draggable: false,
        padding: 'dense',
      }}
    />
  );
}
