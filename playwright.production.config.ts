import { defineConfig } from '@playwright/test';

/*
 * Browser e2e of production mode: the built backend (the bundle of
 * `yarn build:backend`, NODE_ENV=production, app-config.production.yaml
 * alone, plus the test additions of app-config.e2e-production.yaml) serving
 * the built frontend on a fresh set of PostgreSQL databases, with real OIDC
 * sign-in against a real OpenID Connect provider run here
 * (scripts/e2e-oidc-provider.mjs). Its own ports, so that it never meets the
 * servers of playwright.config.ts: backend :7017, metrics :9465, OIDC
 * provider :7095. The local ArgoCD and Kubernetes doubles stand in for the
 * real APIs, which the production config reads from the environment;
 * Prometheus is a closed port, so that its failures can be tested. The
 * start-up guard's tests (startupGuard.test.ts) start the same bundle
 * themselves, once per unsafe environment.
 */
const baseURL = 'http://localhost:7017';
const chromium = process.env.PORTAL_CHROMIUM_PATH ?? '/usr/bin/chromium';

const oidcClient = {
  OIDC_CLIENT_ID: 'developer-portal-e2e',
  OIDC_CLIENT_SECRET: 'developer-portal-e2e-secret',
};

export default defineConfig({
  testDir: 'packages/app/e2e-tests-production',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report-production' }],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results-production',
  webServer: [
    {
      command: 'yarn workspace @internal/local-doubles start',
      url: 'http://127.0.0.1:7091/readyz',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: 'node scripts/e2e-oidc-provider.mjs',
      url: 'http://127.0.0.1:7095/.well-known/openid-configuration',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: {
        ...oidcClient,
        OIDC_PROVIDER_PORT: '7095',
        OIDC_REDIRECT_URIS: `${baseURL}/api/auth/oidc/handler/frame`,
      },
    },
    {
      // Builds the backend bundle (and with it the frontend) every run, so
      // that the suite never tests an older build.
      command:
        './scripts/production-backend.sh --fresh 7017 portal_e2e_prod --config app-config.e2e-production.yaml',
      url: `${baseURL}/.backstage/health/v1/readiness`,
      reuseExistingServer: !process.env.CI,
      timeout: 600_000,
      stdout: 'pipe',
      env: {
        PORTAL_BUILD_BACKEND: 'always',
        PORTAL_BASE_URL: baseURL,
        PORTAL_METRICS_PORT: '9465',
        // Warnings and errors only: not a line per request.
        LOG_LEVEL: 'warn',
        AUTH_OIDC_METADATA_URL:
          'http://127.0.0.1:7095/.well-known/openid-configuration',
        AUTH_OIDC_CLIENT_ID: oidcClient.OIDC_CLIENT_ID,
        AUTH_OIDC_CLIENT_SECRET: oidcClient.OIDC_CLIENT_SECRET,
        // Nothing listens on port 1: every Prometheus call fails at once.
        PROMETHEUS_URL: 'http://127.0.0.1:1',
      },
    },
  ],
  use: {
    baseURL,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
