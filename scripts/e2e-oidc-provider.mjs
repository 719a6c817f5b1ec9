/*
 * A real OpenID Connect provider (the `oidc-provider` package) for the
 * production browser e2e suite (playwright.production.config.ts) and for
 * local runs of scripts/production-backend.sh. The portal's OIDC sign-in
 * talks to it exactly as to the company's provider: discovery, the
 * authorization code flow with its login and consent forms, token, userinfo
 * and refresh. Its forms are the package's development interactions, which
 * accept any password: for tests only, never deployed.
 *
 * Accounts (the login is what the form's first field takes):
 *   priya.raman  email priya.raman@acme.example.com, the profile email of
 *                the catalog user priya-raman (demo/catalog/org.yaml)
 *   maya-chen    email maya-chen@partner.example.com, whose local part is the
 *                catalog user maya-chen's name
 *   outsider     email outsider@contractor.example.com, no catalog user
 *
 * Environment:
 *   OIDC_PROVIDER_PORT    listens on 127.0.0.1:PORT (default 7095)
 *   OIDC_CLIENT_ID        the portal's client (default developer-portal)
 *   OIDC_CLIENT_SECRET    (default local-oidc-client-secret)
 *   OIDC_REDIRECT_URIS    comma-separated (default
 *                         http://localhost:7017/api/auth/oidc/handler/frame)
 */
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PROVIDER_PORT ?? 7095);
const issuer = `http://127.0.0.1:${port}`;

const accounts = {
  'priya.raman': {
    name: 'Priya Raman',
    email: 'priya.raman@acme.example.com',
  },
  'maya-chen': {
    name: 'Maya Chen (partner account)',
    email: 'maya-chen@partner.example.com',
  },
  outsider: {
    name: 'Outside Contractor',
    email: 'outsider@contractor.example.com',
  },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID ?? 'developer-portal',
      client_secret:
        process.env.OIDC_CLIENT_SECRET ?? 'local-oidc-client-secret',
      redirect_uris: (
        process.env.OIDC_REDIRECT_URIS ??
        'http://localhost:7017/api/auth/oidc/handler/frame'
      ).split(','),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) {
      return undefined;
    }
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...account, email_verified: true };
      },
    };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  features: { devInteractions: { enabled: true } },
  // Like Keycloak, refresh tokens for every client allowed the grant, not
  // only on `offline_access`: the portal's session refresh relies on one.
  async issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  cookies: { keys: ['local-oidc-provider-cookie-key'] },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(
    `OIDC provider ${issuer} (accounts: ${Object.keys(accounts).join(', ')})`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
