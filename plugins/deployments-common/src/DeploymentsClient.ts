import { PluginClientOptions, PluginRequester } from '@internal/portal-common';
import {
  CurrentDeployments,
  DeploymentInput,
  DeploymentPage,
  DeploymentQuery,
  DeploymentWriteResult,
  DoraMetrics,
  DoraQuery,
} from './types';

/** The deployment history API, as its frontend and other callers use it. */
export interface DeploymentsApi {
  /** Deployments, newest first, one page at a time. */
  listDeployments(query?: DeploymentQuery): Promise<DeploymentPage>;
  /** The version that last succeeded in each environment. */
  getCurrentDeployments(entityRef: string): Promise<CurrentDeployments>;
  /**
   * The current versions of up to 1,000 entities in one request, one entry
   * per entity in the order given; `environments` keeps only those.
   */
  queryCurrentDeployments(
    entityRefs: string[],
    environments?: string[],
  ): Promise<CurrentDeployments[]>;
  getDoraMetrics(query: DoraQuery): Promise<DoraMetrics>;
  /** Records deployment events; idempotent on (source, sourceId). */
  recordDeployments(items: DeploymentInput[]): Promise<DeploymentWriteResult[]>;
}

/** The parts of Backstage's discovery and fetch APIs the client needs. */
export type DeploymentsClientOptions = PluginClientOptions;

/** A typed client of the deployments backend's REST API. */
export class DeploymentsClient implements DeploymentsApi {
  private readonly requester: PluginRequester;

  constructor(options: DeploymentsClientOptions) {
    this.requester = new PluginRequester('deployments', options);
  }

  async listDeployments(query: DeploymentQuery = {}): Promise<DeploymentPage> {
    return this.requester.request('GET', '/deployments', { query });
  }

  async getCurrentDeployments(entityRef: string): Promise<CurrentDeployments> {
    return this.requester.request('GET', '/current', { query: { entityRef } });
  }

  async queryCurrentDeployments(
    entityRefs: string[],
    environments?: string[],
  ): Promise<CurrentDeployments[]> {
    const body = await this.requester.request<{ items: CurrentDeployments[] }>(
      'POST',
      '/current/query',
      { body: { entityRefs, ...(environments && { environments }) } },
    );
    return body.items;
  }

  async getDoraMetrics(query: DoraQuery): Promise<DoraMetrics> {
    return this.requester.request('GET', '/metrics/dora', { query });
  }

  async recordDeployments(
    items: DeploymentInput[],
  ): Promise<DeploymentWriteResult[]> {
    const body = await this.requester.request<{
      items: DeploymentWriteResult[];
    }>('POST', '/deployments', { body: { items } });
    return body.items;
  }
}
