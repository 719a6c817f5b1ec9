import { defineConfig } from '@playwright/test';

/*
 * Browser e2e against the built frontend served by the real backend (as in
 * production), on a fresh SQLite database, with the local ArgoCD and
 * Kubernetes doubles and the demo Prometheus. The browser is Debian's Chromium: Playwright's own
 * browser downloads are not reachable from this machine.
 */
const baseURL = 'http://localhost:7007';
const chromium = process.env.PORTAL_CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results',
  webServer: [
    {
      command: 'yarn workspace @internal/local-doubles start',
      url: 'http://127.0.0.1:7091/readyz',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // The demo Prometheus (Debian's package), scraping the doubles' demo
      // metrics exporter and the backend; the golden-signals views query it.
      command: './scripts/prometheus.sh',
      url: 'http://127.0.0.1:9090/-/ready',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: './scripts/e2e-backend.sh',
      url: `${baseURL}/.backstage/health/v1/readiness`,
      reuseExistingServer: !process.env.CI,
      timeout: 600_000,
      stdout: 'pipe',
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
