import type { IdentityProviders } from '@backstage/core-components';
import { ConfigApi, githubAuthApiRef } from '@backstage/frontend-plugin-api';
import { oidcAuthApiRef } from './oidcAuthApi';

const providersByName: Record<string, IdentityProviders[number]> = {
  oidc: {
    id: 'oidc-auth-provider',
    title: 'Company SSO',
    message: 'Sign in with company SSO',
    apiRef: oidcAuthApiRef,
  },
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with GitHub',
    apiRef: githubAuthApiRef,
  },
  guest: 'guest',
};

const CONFIG_KEY = 'app.signInPage.providers';

/**
 * The providers the sign-in page offers, from `app.signInPage.providers`
 * (config.d.ts); the guest alone when unset, as upstream's default page.
 */
export function signInProvidersFromConfig(
  config: ConfigApi,
): IdentityProviders {
  const names = config.getOptionalStringArray(CONFIG_KEY) ?? ['guest'];
  if (names.length === 0) {
    throw new Error(`${CONFIG_KEY} is empty: nobody could sign in`);
  }
  return names.map(name => {
    const provider = providersByName[name];
    if (!provider) {
      throw new Error(
        `Unknown sign-in provider '${name}' in ${CONFIG_KEY}; expected one of ${Object.keys(
          providersByName,
        ).join(', ')}`,
      );
    }
    return provider;
  });
}
