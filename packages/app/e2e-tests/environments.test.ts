import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

// The backend seeds deployment history of the demo services in development,
// staging and production; the environments are the catalog Resources of
// demo/catalog/environments.yaml: development, staging, production and one
// preview. No lock or freeze window holds production in the e2e
// configuration, so promotions to it are accepted.

const COURSE_SERVICE = '/catalog/default/component/course-service';

test('the environments page shows what runs where and lists the environments', async ({
  page,
}) => {
  await signIn(page, '/environments');

  const matrix = page.getByRole('table', {
    name: 'Versions by environment',
    exact: true,
  });
  await expect(matrix).toBeVisible();
  // Environments head the columns in promotion order, each with its tier.
  const headers = matrix.getByRole('columnheader');
  await expect(headers.nth(1)).toContainText(/^development/);
  await expect(headers.nth(2)).toContainText(/^staging/);
  await expect(headers.nth(3)).toContainText(/^production/);
  await expect(headers.nth(3)).toContainText('Production');

  // Each service heads its row and links to its catalog page.
  const courseService = matrix
    .getByRole('row')
    .filter({ has: page.locator(`a[href="${COURSE_SERVICE}"]`) });
  await expect(courseService).toHaveCount(1);
  await expect(courseService).toContainText(/Succeeded|Failed|In progress/);

  const environments = page.getByRole('table', {
    name: 'Environments',
    exact: true,
  });
  for (const name of ['development', 'staging', 'production']) {
    await expect(
      environments.getByRole('link', { name, exact: true }),
    ).toBeVisible();
  }
  // The seeded preview of course-service, owned by the learning team.
  const preview = environments.getByRole('row').filter({
    has: page.getByRole('link', {
      name: 'preview-course-service-pr-42',
      exact: true,
    }),
  });
  await expect(preview).toContainText('Preview');
  await expect(
    preview.getByRole('link', { name: /learning.team/i }),
  ).toBeVisible();
  // Shared environments do not expire.
  await expect(
    environments.getByRole('row').filter({ hasText: 'Production' }),
  ).toContainText('Never');
});

test('a version of course-service is promoted from staging to production and shows as pending', async ({
  page,
}) => {
  await signIn(page, '/environments');

  const matrix = page.getByRole('table', {
    name: 'Versions by environment',
    exact: true,
  });
  const courseService = matrix
    .getByRole('row')
    .filter({ has: page.locator(`a[href="${COURSE_SERVICE}"]`) });
  // The staging cell offers its version to production.
  const promote = courseService.getByRole('button', {
    name: /^Promote course-service \S+ to production$/,
  });
  await expect(promote).toBeVisible();
  const label = (await promote.getAttribute('aria-label')) ?? '';
  const version = /^Promote course-service (\S+) to production$/.exec(
    label,
  )![1];
  await promote.click();

  const dialog = page.getByRole('dialog', { name: 'Promote course-service' });
  await expect(dialog).toContainText(version);
  await expect(dialog.getByText('What changes in production')).toBeVisible();
  await dialog.getByRole('button', { name: 'Promote to production' }).click();

  await expect(dialog.getByText('Promotion pending')).toBeVisible();
  await expect(dialog.getByText('Pending', { exact: true })).toBeVisible();
  await expect(
    dialog.getByRole('link', {
      name: 'Follow the deployment on the Deployments tab',
    }),
  ).toHaveAttribute(
    'href',
    `${COURSE_SERVICE}/deployments?environment=production`,
  );
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The promotion recorded a pending deployment in the deployment history.
  // The session survives the reload: the sign-in page restores it silently.
  await page.goto(`${COURSE_SERVICE}/deployments`);
  await page
    .getByLabel('Environment', { exact: true })
    .selectOption('production');
  await expect(page).toHaveURL(/[?&]environment=production\b/);
  const pending = page
    .getByRole('row')
    .filter({
      has: page.getByRole('cell', { name: 'production', exact: true }),
    })
    .filter({ hasText: 'Pending' })
    .filter({ has: page.getByRole('cell', { name: version, exact: true }) });
  await expect(pending.first()).toBeVisible();
});
