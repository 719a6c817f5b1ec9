import { APIRequestContext, expect, Page } from '@playwright/test';

/*
 * Sign-in through the OpenID Connect provider of scripts/e2e-oidc-provider.mjs,
 * as the production e2e tests need it.
 */

/** Signs in through the provider's popup as `login` (any password). */
export async function signInWithCompanySso(page: Page, login: string) {
  await page.goto('/');
  const ssoCard = page
    .getByRole('listitem')
    .filter({ hasText: 'Sign in with company SSO' });
  const popupOpened = page.waitForEvent('popup');
  await ssoCard.getByRole('button', { name: 'Sign in' }).click();
  const popup = await popupOpened;

  await popup.getByPlaceholder('Enter any login').fill(login);
  await popup.getByPlaceholder('and password').fill('not-checked-here');
  await popup.getByRole('button', { name: 'Sign-in' }).click();
  // Consent: the portal asks for the profile and email scopes.
  await expect(popup.getByText('email', { exact: true })).toBeVisible();
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.waitForEvent('close');
}

/** The portal's session, refreshed from the provider's refresh token. */
export async function refreshOidcSession(request: APIRequestContext) {
  return request.get('/api/auth/oidc/refresh?env=production', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
}

/** A Backstage user token of the catalog user `login` signs in as. */
export async function userToken(page: Page, login: string): Promise<string> {
  await signInWithCompanySso(page, login);
  const refresh = await refreshOidcSession(page.request);
  expect(refresh.status()).toBe(200);
  return (await refresh.json()).backstageIdentity.token;
}
