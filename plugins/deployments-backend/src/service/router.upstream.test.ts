import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { deploymentsPlugin } from '../plugin';

/*
 * A failing catalog reaches the caller as a plain 503, never as the
 * catalog's own error (its response, body and stack).
 */

async function catalogError(status: number) {
  return ResponseError.fromResponse(
    Response.json(
      {
        error: {
          name: 'Error',
          message: 'connection pool exhausted',
          stack: 'Error: at catalog (DefaultEntitiesCatalog.ts:1)',
        },
        request: { method: 'POST', url: '/entities/by-query' },
        response: { statusCode: status },
      },
      { status },
    ),
  );
}

async function startWithCatalogFailing(failure: () => Promise<unknown>) {
  const catalog = catalogServiceMock.mock({
    getEntities: jest.fn(async () => {
      throw await failure();
    }),
  });
  const { server } = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.rootConfig.factory({ data: {} }),
      catalog.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn() }),
      }),
    ],
  });
  return request(server);
}

describe('deployments API when the catalog fails', () => {
  it.each([
    ['answers 500', () => catalogError(500)],
    ['answers 503', () => catalogError(503)],
    [
      'cannot be reached',
      async () =>
        Object.assign(new TypeError('fetch failed'), {
          cause: new Error('connect ECONNREFUSED 127.0.0.1:7007'),
        }),
    ],
  ])(
    'answers 503 with a plain message when the catalog %s',
    async (_label, failure) => {
      const api = await startWithCatalogFailing(failure);

      const res = await api
        .get('/api/deployments/deployments')
        .query({ owner: 'group:default/learning-team' })
        .set('Authorization', mockCredentials.user.header());

      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message: 'the catalog is unavailable',
      });
      expect(JSON.stringify(res.body)).not.toMatch(
        /pool exhausted|DefaultEntitiesCatalog|ECONNREFUSED/,
      );
    },
  );

  it("answers 400 naming the field when the catalog refuses the caller's input", async () => {
    const api = await startWithCatalogFailing(() => catalogError(400));

    const res = await api
      .get('/api/deployments/metrics/dora')
      .query({ owner: 'group:default/learning-team' })
      .set('Authorization', mockCredentials.user.header());

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(/^owner: the catalog refused it/);
    expect(res.body.error.cause).toBeUndefined();
  });
});
