import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

// Every demo Component of type service, with the team that owns it
// (demo/catalog/components.yaml). learning-frontend is a website: not listed.
const SERVICES: Record<string, string> = {
  'course-service': 'learning-team',
  'user-service': 'learning-team',
  'notification-service': 'learning-team',
  'jobs-api': 'jobs-team',
  'jobs-worker': 'jobs-team',
  'pipeline-engine': 'platform-team',
  'infrastructure-controller': 'platform-team',
};

const STATUS_ORDER = ['critical', 'warning', 'healthy'];

test('the platform status page lists every service, worst first, with filters', async ({
  page,
}) => {
  await signIn(page, '/platform-status');
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Platform status' }),
  ).toBeVisible();

  const table = page.getByRole('table', { name: 'Services, worst first' });
  await expect(table).toBeVisible();
  const rows = table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });
  await expect(rows).toHaveCount(Object.keys(SERVICES).length);

  // Each row links to its entity.
  const targets = await rows
    .getByRole('rowheader')
    .getByRole('link')
    .evaluateAll(links => links.map(link => link.getAttribute('href')));
  expect([...targets].sort()).toEqual(
    Object.keys(SERVICES)
      .map(name => `/catalog/default/component/${name}`)
      .sort(),
  );

  // Worst first: statuses never get worse down the table.
  const statuses = await rows.evaluateAll(trs =>
    trs.map(tr => tr.getAttribute('data-status') ?? ''),
  );
  const ranks = statuses.map(status => STATUS_ORDER.indexOf(status));
  expect(ranks.every(rank => rank >= 0)).toBe(true);
  expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);

  // Every source answered for course-service (the doubles and Prometheus run).
  const courseService = rows.filter({
    has: page.locator('a[href="/catalog/default/component/course-service"]'),
  });
  await expect(courseService).toContainText(/Synced|OutOfSync|Unknown/);
  await expect(courseService).toContainText(/\d+\/\d+ ready/);
  await expect(courseService).toContainText(/None|\d+ firing|\d+ pending/);
  await expect(courseService).toContainText(
    /Succeeded|Failed|Rolled back|In progress|Pending|Cancelled/,
  );

  // Filter by team, kept in the URL.
  await page
    .getByLabel('Team', { exact: true })
    .selectOption({ label: 'Learning Team' });
  await expect(page).toHaveURL(/[?&]team=group%3Adefault%2Flearning-team\b/);
  const learning = Object.keys(SERVICES).filter(
    name => SERVICES[name] === 'learning-team',
  );
  await expect(rows).toHaveCount(learning.length);

  // The environment chooses which last deployment is shown.
  await page
    .getByLabel('Environment', { exact: true })
    .selectOption({ label: 'Development' });
  await expect(page).toHaveURL(/[?&]environment=development\b/);
  await expect(
    table.getByRole('columnheader', { name: 'Last deployment (development)' }),
  ).toBeVisible();

  // A row leads to the entity.
  await rows
    .filter({
      has: page.locator('a[href="/catalog/default/component/course-service"]'),
    })
    .getByRole('rowheader')
    .getByRole('link')
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/course-service/);
  await expect(
    page.getByRole('heading', { name: 'Course Service' }).first(),
  ).toBeVisible();
});
