import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LoadMoreButton } from '@internal/portal-react';
import { DeploymentPages } from '../../hooks/useDeploymentPages';
import { DeploymentsTable } from './DeploymentsTable';

export interface DeploymentListProps {
  title: string;
  pages: DeploymentPages;
  showEntity?: boolean;
  repositoryUrl?: string;
  /** Shown when nothing matches. */
  emptyMessage: string;
}

/** Deployments with "Load more" paging, and the error of the last load. */
export function DeploymentList(props: DeploymentListProps) {
  const { pages } = props;
  return (
    <>
      {pages.error && (
        <Box mb={2}>
          <ResponseErrorPanel error={pages.error} />
        </Box>
      )}
      {(!pages.error || pages.items.length > 0) && (
        <DeploymentsTable
          title={props.title}
          deployments={pages.items}
          loading={pages.loading}
          showEntity={props.showEntity}
          repositoryUrl={props.repositoryUrl}
          emptyContent={
            <Box p={3}>
              <Typography align="center">{props.emptyMessage}</Typography>
            </Box>
          }
        />
      )}
      {pages.hasMore && (
        <LoadMoreButton onClick={pages.loadMore} loading={pages.loadingMore} />
      )}
    </>
  );
}
