import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

// The backend seeds a year of deployment history of the demo services in
// development, staging and production when its store is empty.

const STATUS = /Succeeded|Failed|Rolled back|Cancelled|In progress|Pending/;

/** The components learning-team owns in the demo catalog. */
const LEARNING_SERVICES = [
  'course-service',
  'user-service',
  'notification-service',
  'learning-frontend',
].map(name => `/catalog/default/component/${name}`);

test('a service page lists its deployments and filters them by environment', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/course-service/deployments');
  await expect(
    page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Deployments', exact: true }),
  ).toBeVisible();

  // Data rows only: the header row has column headers, not cells.
  const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
  const deployments = rows.filter({ hasText: STATUS });
  const inEnvironment = (name: string | RegExp) =>
    deployments.filter({
      has: page.getByRole('cell', { name, exact: true }),
    });
  // CI reports semantic versions; each row shows the short hash of its commit.
  const staging = inEnvironment('staging').first();
  await expect(staging).toBeVisible();
  await expect(
    staging.getByRole('cell', { name: /^\d+\.\d+\.\d+$/ }),
  ).toBeVisible();
  await expect(
    staging.getByRole('link', { name: /^[0-9a-f]{7}\b/ }),
  ).toHaveAttribute('href', /\/commit\/[0-9a-f]{40}$/);
  expect(await deployments.count()).toBeGreaterThan(3);

  await page
    .getByLabel('Environment', { exact: true })
    .selectOption('production');
  await expect(page).toHaveURL(/[?&]environment=production\b/);
  await expect(inEnvironment('production').first()).toBeVisible();
  await expect(inEnvironment(/^(development|staging)$/)).toHaveCount(0);
});

test("the deployments page shows a team's DORA metrics and deployments", async ({
  page,
}) => {
  await signIn(page, '/deployments');
  // DORA metrics need a scope; without a team the page asks for one.
  await expect(
    page.getByText('Pick a team to see its DORA metrics.'),
  ).toBeVisible();

  await page
    .getByLabel('Team', { exact: true })
    .selectOption({ label: 'Learning Team' });
  await page
    .getByLabel('Time range', { exact: true })
    .selectOption({ label: 'Last 30 days' });
  await expect(page).toHaveURL(/[?&]team=group%3Adefault%2Flearning-team\b/);

  for (const metric of [
    'Deployment frequency',
    'Lead time for changes',
    'Change failure rate',
    'Time to restore',
  ]) {
    await expect(page.getByRole('region', { name: metric })).toContainText(
      /Elite|High|Medium|Low|Not rated/,
    );
  }
  const frequency = page.getByRole('region', { name: 'Deployment frequency' });
  await expect(frequency).toContainText(/[\d.]+ per week/);
  await expect(frequency).toContainText(/Elite|High|Medium|Low/);

  await expect(
    page.getByRole('img', { name: 'Successful deployments per week' }),
  ).toBeVisible();
  await expect(page.getByText(/^Last 4 weeks: (Up|Down|Level)/)).toBeVisible();

  // The table lists deployments of learning-team's services only.
  const serviceLinks = page
    .getByRole('row')
    .filter({ hasText: STATUS })
    .locator('a[href^="/catalog/default/component/"]');
  await expect
    .poll(async () => {
      const targets = await serviceLinks.evaluateAll(links =>
        links.map(link => link.getAttribute('href')),
      );
      return (
        targets.length > 0 &&
        targets.every(target => LEARNING_SERVICES.includes(target ?? ''))
      );
    })
    .toBe(true);
});
