import { PluginClientOptions, PluginRequester } from '@internal/portal-common';
import {
  AuditPage,
  AuditQuery,
  ConfigDiff,
  ConfigEntry,
  ConfigEntryList,
  CreateFreezeWindowRequest,
  CreateLockRequest,
  CreatePreviewEnvironmentRequest,
  Environment,
  EnvironmentList,
  EnvironmentLock,
  EnvironmentLockList,
  EnvironmentMatrix,
  FreezeWindow,
  FreezeWindowList,
  Promotion,
  PromotionList,
  PromotionRequest,
  PutConfigEntryRequest,
} from './types';

/** The environment manager's API, as its frontend and other callers use it. */
export interface EnvironmentsApi {
  /** Catalog environments and preview environments, by tier. */
  listEnvironments(): Promise<EnvironmentList>;
  createPreviewEnvironment(
    request: CreatePreviewEnvironmentRequest,
  ): Promise<Environment>;
  /** Tears a preview environment down. */
  deleteEnvironment(name: string): Promise<void>;
  /** Adds `ttl` (an ISO 8601 duration) to a preview's expiry. */
  extendEnvironment(name: string, ttl: string): Promise<Environment>;

  getConfig(environment: string): Promise<ConfigEntryList>;
  putConfigEntry(
    environment: string,
    key: string,
    entry: PutConfigEntryRequest,
  ): Promise<ConfigEntry>;
  deleteConfigEntry(environment: string, key: string): Promise<void>;
  getConfigDiff(from: string, to: string): Promise<ConfigDiff>;

  /** Current versions of services (of one owner) in every environment. */
  getMatrix(query?: { owner?: string }): Promise<EnvironmentMatrix>;

  listLocks(query?: { environment?: string }): Promise<EnvironmentLockList>;
  createLock(request: CreateLockRequest): Promise<EnvironmentLock>;
  deleteLock(id: string): Promise<void>;

  listFreezeWindows(query?: {
    environment?: string;
  }): Promise<FreezeWindowList>;
  createFreezeWindow(request: CreateFreezeWindowRequest): Promise<FreezeWindow>;
  deleteFreezeWindow(id: string): Promise<void>;

  /**
   * Syncs the platform's application of the service in the target to the
   * version's commit; `override` (administrators) goes past a lock.
   */
  promote(request: PromotionRequest): Promise<Promotion>;
  listPromotions(query?: { entityRef?: string }): Promise<PromotionList>;

  getAudit(query?: AuditQuery): Promise<AuditPage>;
}

/** The parts of Backstage's discovery and fetch APIs the client needs. */
export type EnvironmentsClientOptions = PluginClientOptions;

/** A typed client of the environments backend's REST API. */
export class EnvironmentsClient implements EnvironmentsApi {
  private readonly requester: PluginRequester;

  constructor(options: EnvironmentsClientOptions) {
    this.requester = new PluginRequester('environments', options);
  }

  listEnvironments(): Promise<EnvironmentList> {
    return this.requester.request('GET', '/environments');
  }

  createPreviewEnvironment(
    request: CreatePreviewEnvironmentRequest,
  ): Promise<Environment> {
    return this.requester.request('POST', '/environments', { body: request });
  }

  deleteEnvironment(name: string): Promise<void> {
    return this.requester.request('DELETE', `/environments/${enc(name)}`);
  }

  extendEnvironment(name: string, ttl: string): Promise<Environment> {
    return this.requester.request('POST', `/environments/${enc(name)}/extend`, {
      body: { ttl },
    });
  }

  getConfig(environment: string): Promise<ConfigEntryList> {
    return this.requester.request(
      'GET',
      `/environments/${enc(environment)}/config`,
    );
  }

  putConfigEntry(
    environment: string,
    key: string,
    entry: PutConfigEntryRequest,
  ): Promise<ConfigEntry> {
    return this.requester.request(
      'PUT',
      `/environments/${enc(environment)}/config/${enc(key)}`,
      { body: entry },
    );
  }

  deleteConfigEntry(environment: string, key: string): Promise<void> {
    return this.requester.request(
      'DELETE',
      `/environments/${enc(environment)}/config/${enc(key)}`,
    );
  }

  getConfigDiff(from: string, to: string): Promise<ConfigDiff> {
    return this.requester.request('GET', '/config-diff', {
      query: { from, to },
    });
  }

  getMatrix(query: { owner?: string } = {}): Promise<EnvironmentMatrix> {
    return this.requester.request('GET', '/matrix', { query });
  }

  listLocks(
    query: { environment?: string } = {},
  ): Promise<EnvironmentLockList> {
    return this.requester.request('GET', '/locks', { query });
  }

  createLock(request: CreateLockRequest): Promise<EnvironmentLock> {
    return this.requester.request('POST', '/locks', { body: request });
  }

  deleteLock(id: string): Promise<void> {
    return this.requester.request('DELETE', `/locks/${enc(id)}`);
  }

  listFreezeWindows(
    query: { environment?: string } = {},
  ): Promise<FreezeWindowList> {
    return this.requester.request('GET', '/freeze-windows', { query });
  }

  createFreezeWindow(
    request: CreateFreezeWindowRequest,
  ): Promise<FreezeWindow> {
    return this.requester.request('POST', '/freeze-windows', { body: request });
  }

  deleteFreezeWindow(id: string): Promise<void> {
    return this.requester.request('DELETE', `/freeze-windows/${enc(id)}`);
  }

  promote(request: PromotionRequest): Promise<Promotion> {
    return this.requester.request('POST', '/promotions', { body: request });
  }

  listPromotions(query: { entityRef?: string } = {}): Promise<PromotionList> {
    return this.requester.request('GET', '/promotions', { query });
  }

  getAudit(query: AuditQuery = {}): Promise<AuditPage> {
    return this.requester.request('GET', '/audit', { query });
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
