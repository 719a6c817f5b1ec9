import { render, screen } from '@testing-library/react';
import { createApp } from '@backstage/frontend-defaults';
import { mockApis } from '@backstage/frontend-test-utils';
import { signInModule } from './signInPage';
import { signInProvidersFromConfig } from './signInProviders';

function renderApp(data: object) {
  const app = createApp({
    advanced: {
      configLoader: async () => ({
        config: mockApis.config({
          data: {
            app: { title: 'Developer Portal', baseUrl: 'http://localhost' },
            backend: { baseUrl: 'http://localhost:7007' },
            ...data,
          },
        }),
      }),
    },
    features: [signInModule],
  });
  render(app.createRoot());
}

describe('the sign-in page', () => {
  it('offers company SSO and GitHub, and no guest, where production config names them', async () => {
    renderApp({
      app: {
        title: 'Developer Portal',
        signInPage: { providers: ['oidc', 'github'] },
      },
      auth: { environment: 'production' },
    });

    expect(
      await screen.findByText('Sign in with company SSO', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Company SSO')).toBeInTheDocument();
    expect(screen.getByText('Sign in with GitHub')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });

  it('offers the guest alone where the config names no provider', async () => {
    renderApp({});

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Sign in with company SSO')).toBeNull();
  });
});

describe('signInProvidersFromConfig', () => {
  const config = (providers: string[]) =>
    mockApis.config({ data: { app: { signInPage: { providers } } } });

  it('keeps the configured order', () => {
    expect(
      signInProvidersFromConfig(config(['github', 'guest', 'oidc'])).map(p =>
        typeof p === 'string' ? p : p.id,
      ),
    ).toEqual(['github-auth-provider', 'guest', 'oidc-auth-provider']);
  });

  it('names the bad entry of a misconfigured list', () => {
    expect(() => signInProvidersFromConfig(config(['oidc', 'okta']))).toThrow(
      "Unknown sign-in provider 'okta' in app.signInPage.providers; expected one of oidc, github, guest",
    );
    expect(() => signInProvidersFromConfig(config([]))).toThrow(
      'app.signInPage.providers is empty',
    );
  });
});
