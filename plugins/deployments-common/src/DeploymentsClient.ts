import { ResponseError } from '@backstage/errors';
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
export interface DeploymentsClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/** A typed client of the deployments backend's REST API. */
export class DeploymentsClient implements DeploymentsApi {
  private readonly discoveryApi: DeploymentsClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: DeploymentsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }

  async listDeployments(query: DeploymentQuery = {}): Promise<DeploymentPage> {
    return this.get('/deployments', query);
  }

  async getCurrentDeployments(entityRef: string): Promise<CurrentDeployments> {
    return this.get('/current', { entityRef });
  }

  async queryCurrentDeployments(
    entityRefs: string[],
    environments?: string[],
  ): Promise<CurrentDeployments[]> {
    const body = await this.post<{ items: CurrentDeployments[] }>(
      '/current/query',
      { entityRefs, ...(environments && { environments }) },
    );
    return body.items;
  }

  async getDoraMetrics(query: DoraQuery): Promise<DoraMetrics> {
    return this.get('/metrics/dora', query);
  }

  async recordDeployments(
    items: DeploymentInput[],
  ): Promise<DeploymentWriteResult[]> {
    const body = await this.post<{ items: DeploymentWriteResult[] }>(
      '/deployments',
      { items },
    );
    return body.items;
  }

  private async baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('deployments');
  }

  private async post<T>(path: string, body: object): Promise<T> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async get<T>(path: string, query: object): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.size ? `?${params}` : '';
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}${search}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
