import { expect, test } from '@playwright/test';
import { refreshOidcSession, signInWithCompanySso } from './companySso';

/*
 * Sign-in in production mode (playwright.production.config.ts): the sign-in
 * page offers company SSO and GitHub and no guest, and the company SSO is a
 * real OpenID Connect provider whose login and consent forms the browser
 * fills (scripts/e2e-oidc-provider.mjs). Every identity must resolve to a
 * User entity of the catalog (demo/catalog/org.yaml here).
 */

test('offers company SSO and GitHub, no guest, and the backend has no guest provider', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await expect(page.getByText('Sign in with company SSO')).toBeVisible();
  await expect(page.getByText('Sign in with GitHub')).toBeVisible();
  await expect(page.getByText('Guest', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Enter' })).toHaveCount(0);

  const guest = await request.get('/api/auth/guest/refresh?env=production', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  // Production never loads app-config.yaml, where the guest is configured.
  expect(guest.status()).toBe(404);
  expect((await guest.json()).error.message).toBe(
    "No auth provider registered for 'guest'",
  );
});

test('refuses anonymous API calls', async ({ request }) => {
  for (const path of [
    '/api/catalog/entities?limit=1',
    '/api/deployments/deployments',
    '/api/environments/environments',
  ]) {
    const response = await request.get(path);
    expect({ path, status: response.status() }).toEqual({ path, status: 401 });
  }
});

test('signs a catalog user in through the OIDC provider, by profile email', async ({
  page,
}) => {
  await signInWithCompanySso(page, 'priya.raman');

  // Signed in: the app itself, and the profile of the catalog user.
  await expect(
    page.getByRole('link', { name: 'Catalog' }).first(),
  ).toBeVisible();
  await page.goto('/settings');
  await expect(page.getByText('Priya Raman').first()).toBeVisible();
  await expect(
    page.getByText('priya.raman@acme.example.com').first(),
  ).toBeVisible();

  // The session survives the sign-in popup: the backend refreshes it with
  // the provider's refresh token and resolves the same user again.
  const refresh = await refreshOidcSession(page.request);
  expect(refresh.status()).toBe(200);
  const session = await refresh.json();
  expect(session.backstageIdentity.identity).toMatchObject({
    type: 'user',
    userEntityRef: 'user:default/priya-raman',
    ownershipEntityRefs: expect.arrayContaining([
      'user:default/priya-raman',
      'group:default/platform-team',
    ]),
  });

  // Its token is what the API accepts.
  const me = await page.request.get(
    '/api/catalog/entities/by-name/user/default/priya-raman',
    { headers: { Authorization: `Bearer ${session.backstageIdentity.token}` } },
  );
  expect(me.status()).toBe(200);
  expect((await me.json()).spec.profile.displayName).toBe('Priya Raman');

  // A reload signs in again from the session, without the provider's forms.
  await page.reload();
  await expect(page.getByText('Priya Raman').first()).toBeVisible();
  await expect(page.getByText('Sign in with company SSO')).toHaveCount(0);
});

test('falls back to the email local part as the user name', async ({
  page,
}) => {
  await signInWithCompanySso(page, 'maya-chen');

  const refresh = await refreshOidcSession(page.request);
  expect(refresh.status()).toBe(200);
  expect((await refresh.json()).backstageIdentity.identity.userEntityRef).toBe(
    'user:default/maya-chen',
  );
});

test('refuses an OIDC account that is no catalog user, visibly', async ({
  page,
}) => {
  await signInWithCompanySso(page, 'outsider');

  await expect(
    page.getByText(/Login failed.*unable to resolve user identity/).first(),
  ).toBeVisible();
  // Still on the sign-in page, and without a session.
  await expect(page.getByText('Sign in with company SSO')).toBeVisible();
  expect((await refreshOidcSession(page.request)).status()).toBe(401);
});
