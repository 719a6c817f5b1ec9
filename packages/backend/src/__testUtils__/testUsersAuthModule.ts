/*
 * TEST ONLY: never add this module to features.ts or to a real backend.
 *
 * A sign-in provider for the in-process test backend: whoever sends
 * `GET /api/auth/test-users/refresh` with the header `x-test-user: <name>`
 * is signed in as the catalog's `user:default/<name>`, and gets the same
 * Backstage user token a real sign-in gives: issued by the auth backend,
 * with the ownership claims (the user and their groups) the catalog says.
 * It is a proxy provider (like those behind an authenticating proxy), so
 * the tests need no browser and no identity provider.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The auth provider id, and so the route: `/api/auth/test-users/refresh`. */
export const TEST_USERS_PROVIDER_ID = 'test-users';

/** The header naming who signs in. */
export const TEST_USER_HEADER = 'x-test-user';

const testUsersAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userName: string }) => ({
    profile: { displayName: result.userName },
  }),
  initialize() {
    return undefined;
  },
  async authenticate({ req }) {
    const userName = req.header(TEST_USER_HEADER);
    if (!userName) {
      throw new Error(`${TEST_USER_HEADER}: header missing`);
    }
    return { result: { userName } };
  },
});

export const testUsersAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-users',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        // A provider that signs in anyone as anyone must never run for real.
        if (process.env.NODE_ENV === 'production') {
          throw new Error(
            'The test-users auth provider is for tests only and refuses to run with NODE_ENV=production',
          );
        }
        providers.registerProvider({
          providerId: TEST_USERS_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: testUsersAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: { name: result.userName },
              });
            },
          }),
        });
      },
    });
  },
});
