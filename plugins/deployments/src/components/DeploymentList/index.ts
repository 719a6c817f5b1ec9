export { DeploymentList } from './DeploymentList';
export type { DeploymentListProps } from './DeploymentList';
export { githubRepositoryUrl } from './sourceRepository';
