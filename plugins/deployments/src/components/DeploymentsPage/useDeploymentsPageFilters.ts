import {
  DEPLOYMENT_STATUSES,
  DeploymentStatus,
} from '@internal/plugin-deployments-common';
import { useSearchParam } from '@internal/portal-react';
import { TimeRange, timeRangeOf } from './timeRanges';

export interface DeploymentsPageFilters {
  /** A group ref. */
  team?: string;
  environment?: string;
  status?: DeploymentStatus;
  timeRange: TimeRange;
}

export type DeploymentsPageFilterSetters = {
  [K in 'team' | 'environment' | 'status' | 'timeRange']: (
    value: string,
  ) => void;
};

function asStatus(value: string | undefined): DeploymentStatus | undefined {
  return DEPLOYMENT_STATUSES.find(status => status === value);
}

/**
 * The page's filters, kept in the query string so that a filtered view can
 * be bookmarked and shared. Unknown values fall back to the defaults.
 */
export function useDeploymentsPageFilters(): [
  DeploymentsPageFilters,
  DeploymentsPageFilterSetters,
] {
  const [team, setTeam] = useSearchParam('team');
  const [environment, setEnvironment] = useSearchParam('environment');
  const [status, setStatus] = useSearchParam('status');
  const [range, setRange] = useSearchParam('range');
  return [
    {
      team,
      environment,
      status: asStatus(status),
      timeRange: timeRangeOf(range),
    },
    {
      team: setTeam,
      environment: setEnvironment,
      status: setStatus,
      timeRange: setRange,
    },
  ];
}
