import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

// The demo Prometheus (scripts/prometheus.sh) scrapes the demo metrics
// exporter of packages/local-doubles, which serves series labelled
// app="<service>" for every demo service; course-service's catalog entry
// has `prometheus.io/selector: app="course-service"`. The deployments
// backend seeds a year of history, with several development deployments
// every weekday, so the last 7 days of all environments always hold some.

const SIGNALS = '/catalog/default/component/course-service/signals';

test('the Signals tab charts the golden signals with deployment markers', async ({
  page,
}) => {
  await signIn(page, SIGNALS);
  await expect(
    page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Signals', exact: true }),
  ).toBeVisible();

  // One chart per signal; the latency percentiles share one.
  const requestRate = page.getByRole('img', { name: 'Request rate' });
  await expect(requestRate).toBeVisible();
  // Titles of the backend's default signals (plugins/prometheus-backend).
  for (const name of [/^Error ratio/, /^Latency$/, /^CPU/, /^Memory/]) {
    await expect(page.getByRole('img', { name })).toBeVisible();
  }
  await expect(
    page.getByRole('list', { name: 'Series of Latency' }),
  ).toContainText('p95');
  // Prometheus answered with data: the request rate has a line.
  await expect(requestRate.locator('path[d^="M"]').first()).toBeAttached();
  await expect(page.getByText('Prometheus is unavailable')).toHaveCount(0);

  // The longest range and every environment, kept in the URL.
  await page.getByRole('button', { name: 'Last 7 days' }).click();
  await expect(page).toHaveURL(/[?&]range=7d\b/);
  await expect(
    page.getByRole('button', { name: 'Last 7 days' }),
  ).toHaveAttribute('aria-pressed', 'true');
  await page
    .getByLabel('Deployments of', { exact: true })
    .selectOption({ label: 'All environments' });
  await expect(page).toHaveURL(/[?&]environment=all\b/);

  // At least one deployment marker on the latency chart, labelled with its
  // version and status; the same deployments are listed below the charts.
  const latency = page.getByRole('img', { name: 'Latency', exact: true });
  const markers = latency.getByTestId('deployment-marker');
  await expect(markers.first()).toBeAttached();
  expect(await markers.count()).toBeGreaterThan(0);
  await expect(markers.first().locator('title')).toHaveText(
    /^Deployment of \S+ to (development|staging|production): (Succeeded|Failed|Rolled back|Cancelled|In progress|Pending)/,
  );
  const deployments = page.getByRole('table', {
    name: 'Deployments in this window',
  });
  await expect(deployments.getByRole('row').nth(1)).toBeVisible();

  // The range survives a reload.
  await page.reload();
  await expect(
    page.getByRole('button', { name: 'Last 7 days' }),
  ).toHaveAttribute('aria-pressed', 'true');
});

test('the overview of a service shows its alerts card', async ({ page }) => {
  await signIn(page, '/catalog/default/component/course-service');
  const card = page
    .getByRole('heading', { name: 'Alerts', exact: true })
    .locator('xpath=ancestor::*[contains(@class, "MuiCard-root")][1]');
  await expect(card).toBeVisible();
  await expect(card).toContainText(
    /\d+ firing, \d+ pending|No firing or pending alerts\./,
  );
});
