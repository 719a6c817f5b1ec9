import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { startFakePluginApi } from '@internal/portal-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { environmentsPlugin } from '../../plugin';
import {
  entities as defaultEntities,
  ownershipByUser,
  SECRETS_KEY,
  TestUser,
} from './fixtures';
import { portalPolicyPermissions } from './portalPolicy';

/** Records every log line, of every child logger. */
function recordingLogger(lines: string[]): LoggerService {
  const logger: LoggerService = {
    child: () => logger,
    debug: (message, meta) => void lines.push(JSON.stringify([message, meta])),
    info: (message, meta) => void lines.push(JSON.stringify([message, meta])),
    warn: (message, meta) => void lines.push(JSON.stringify([message, meta])),
    error: (message, meta) =>
      void lines.push(JSON.stringify([message, String(meta)])),
  };
  return logger;
}

/** `overrides` on top of `base`, objects merged key by key. */
function merged(base: JsonObject, overrides: JsonObject): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = result[key];
    result[key] =
      isObject(current) && isObject(value) ? merged(current, value) : value;
  }
  return result;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Authorization header of a caller. */
export const callers = {
  user: (user: TestUser) => mockCredentials.user.header(user.ref),
  /** A plugin token the scaffolder got on behalf of the user running a template. */
  scaffolderFor: (user: TestUser) =>
    mockCredentials.service.header({
      onBehalfOf: mockCredentials.user(user.ref),
      targetPluginId: 'environments',
    }),
  /** A plugin's own service token. */
  service: (subject: string) =>
    mockCredentials.service.header({
      onBehalfOf: mockCredentials.service(subject),
      targetPluginId: 'environments',
    }),
};

/**
 * The environments plugin in a test backend: the portal's permission policy
 * (see portalPolicy.ts), user info for the fixtures' users, the test
 * catalog, and previews provided as Kubernetes namespaces by a fake API
 * server that records what it is asked.
 */
export async function startEnvironmentsBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options: {
    config?: JsonObject;
    entities?: Entity[];
    /** Another backend's database, e.g. to restart with other config. */
    knex?: Knex;
  } = {},
) {
  const entities = options.entities ?? defaultEntities;
  const knex: Knex = options.knex ?? (await databases.init(databaseId));
  const kubernetes = await startFakePluginApi('kubernetes', req => ({
    status: req.method === 'POST' ? 201 : 200,
    body: {},
  }));
  const ownershipOf = (ref: string) => ownershipByUser.get(ref) ?? [ref];
  const permissions = portalPolicyPermissions({ entities, ownershipOf });
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const { userEntityRef } = (credentials as any).principal;
      return { userEntityRef, ownershipEntityRefs: ownershipOf(userEntityRef) };
    },
  });
  const auditor = mockServices.auditor.mock();
  const logLines: string[] = [];
  const { server } = await startTestBackend({
    features: [
      environmentsPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: merged(
          {
            environments: {
              secretsKey: SECRETS_KEY,
              previews: {
                provider: 'kubernetes',
                kubernetes: {
                  url: kubernetes.baseUrl,
                  token: 'k8s-token',
                  namespace: 'preview-{{name}}',
                },
              },
            },
          },
          options.config ?? {},
        ),
      }),
      permissions.factory,
      userInfo.factory,
      auditor.factory,
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => recordingLogger(logLines),
      }),
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn(async () => {}) }),
      }),
    ],
  });
  const api = request(server);
  const base = '/api/environments';
  /** Requests with the Authorization header `auth`. */
  const by = (auth: string) => ({
    get: (path: string, query: Record<string, string | number> = {}) =>
      api.get(`${base}${path}`).query(query).set('Authorization', auth),
    post: (path: string, body: object) =>
      api.post(`${base}${path}`).set('Authorization', auth).send(body),
    put: (path: string, body: object) =>
      api.put(`${base}${path}`).set('Authorization', auth).send(body),
    del: (path: string) =>
      api.delete(`${base}${path}`).set('Authorization', auth),
  });

  return {
    knex,
    auditor,
    logLines,
    /** What the fake Kubernetes API (the preview provider) was asked. */
    kubernetes,
    /** Every permission decision, in order. */
    decisions: permissions.decisions,
    as: (user: TestUser) => by(callers.user(user)),
    by,
    anonymous: () => by(mockCredentials.none.header()),
    /** The Kubernetes deletes of previews' namespaces, by namespace. */
    deletedNamespaces: () =>
      kubernetes.requests
        .filter(r => r.method === 'DELETE')
        .map(r => r.path.split('/').pop()),
    /** The audit trail's actions, oldest first. */
    auditActions: (): Promise<string[]> =>
      knex('environment_audit').orderBy('created_at').pluck('action'),
    close: () => kubernetes.close(),
  };
}

export type EnvironmentsBackend = Awaited<
  ReturnType<typeof startEnvironmentsBackend>
>;
