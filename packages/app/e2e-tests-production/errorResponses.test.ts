import { APIResponse, expect, test } from '@playwright/test';
import { userToken } from './companySso';

/*
 * Failed requests to the built backend in production mode: every error body
 * carries the error's name and message and nothing else, so no stack at any
 * depth and no object of another service (a `cause` chain, a `response`),
 * whichever handler answered: the root's or a plugin's. And the Roadie
 * ArgoCD backend refuses every write, while it still reads. Prometheus is a
 * closed port here (playwright.production.config.ts), so its routes fail.
 */

/** Every key anywhere in a JSON value. */
function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(keysDeep);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      key,
      ...keysDeep(item),
    ]);
  }
  return [];
}

async function expectPublicError(
  response: APIResponse,
  status: number,
  name: string,
) {
  const text = await response.text();
  expect(response.status(), text).toBe(status);
  const body = JSON.parse(text);
  expect(Object.keys(body.error).sort(), text).toEqual(['message', 'name']);
  expect(body.error.name, text).toBe(name);
  expect(body.error.message, text).toEqual(expect.stringMatching(/\S/));
  expect(body.response, text).toEqual({ statusCode: status });
  expect(keysDeep(body), text).not.toContain('stack');
  // No stack frame smuggled into a message either.
  expect(text).not.toMatch(/\n\s+at /);
  return body;
}

let token: string;
const as = () => ({ Authorization: `Bearer ${token}` });

test.beforeAll(async ({ browser }) => {
  // A signed-in engineer who is no admin (learning-team).
  const page = await browser.newPage();
  token = await userToken(page, 'maya-chen');
  await page.close();
});

test('401 without credentials', async ({ request }) => {
  await expectPublicError(
    await request.get('/api/catalog/entities?limit=1'),
    401,
    'AuthenticationError',
  );
});

test('404 for an entity the catalog does not have', async ({ request }) => {
  await expectPublicError(
    await request.get(
      '/api/catalog/entities/by-name/component/default/no-such-service',
      { headers: as() },
    ),
    404,
    'NotFoundError',
  );
});

test('400 for bad input to a portal plugin', async ({ request }) => {
  const body = await expectPublicError(
    await request.post('/api/deployments/deployments', {
      headers: as(),
      data: { entityRef: 42 },
    }),
    400,
    'InputError',
  );
  expect(body.error.message).toContain('request/body');
});

test('503 when Prometheus cannot be reached, without the connection error object', async ({
  request,
}) => {
  // The catalog ingests the portal's own entity shortly after start.
  await expect
    .poll(
      async () =>
        (
          await request.get(
            '/api/catalog/entities/by-name/component/default/developer-portal',
            { headers: as() },
          )
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(200);
  const response = await request.get(
    `/api/prometheus/signals?entityRef=${encodeURIComponent(
      'component:default/developer-portal',
    )}`,
    { headers: as() },
  );
  await expectPublicError(response, 503, 'ServiceUnavailableError');
  // The failed fetch's cause (address, port, errno) stays in the log.
  expect(await response.text()).not.toContain('127.0.0.1');
});

test.describe('the Roadie ArgoCD backend', () => {
  const application =
    '/api/argocd/argoInstance/production/applications/developer-portal';

  test('refuses to delete an application, and the application stays', async ({
    request,
  }) => {
    const body = await expectPublicError(
      await request.delete(application, { headers: as() }),
      403,
      'NotAllowedError',
    );
    expect(body.error.message).toBe(
      "The portal's ArgoCD integration is read-only; promotions go through /api/environments/promotions",
    );

    // The ArgoCD double still has it, read through the same backend.
    const read = await request.get(application, { headers: as() });
    expect(read.status()).toBe(200);
    expect((await read.json()).metadata.name).toBe('developer-portal');
  });

  test('refuses its other writes', async ({ request }) => {
    for (const [method, path] of [
      ['POST', '/api/argocd/createArgo'],
      ['PUT', '/api/argocd/updateArgo/developer-portal'],
      ['POST', '/api/argocd/sync'],
      ['DELETE', `${application}/operation`],
    ]) {
      const response = await request.fetch(path, {
        method,
        headers: as(),
        data: {
          clusterName: 'production',
          appSelector: 'app=developer-portal',
        },
      });
      expect({ method, path, status: response.status() }).toEqual({
        method,
        path,
        status: 403,
      });
    }
  });
});
