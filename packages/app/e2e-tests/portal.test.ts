import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

test('the home page offers search, quick links and the portal guide', async ({
  page,
}) => {
  await signIn(page);
  await expect(
    page.getByRole('heading', { name: 'Welcome to the Developer Portal' }),
  ).toBeVisible();
  await expect(page.getByPlaceholder('Search')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Create a service' }),
  ).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
});

test('the catalog lists the demo services', async ({ page }) => {
  // All components, not only the guest's own.
  await signIn(page, '/catalog?filters[kind]=component&filters[user]=all');
  // The catalog shows each entity's title.
  for (const title of [
    'Course Service',
    'User Service',
    'Notification Service',
  ]) {
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  }
});

test('a service page shows its API definition', async ({ page }) => {
  await signIn(page, '/catalog/default/component/course-service');
  await expect(
    page.getByRole('heading', { name: 'Course Service' }).first(),
  ).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'APIs', exact: true })
    .click();
  await expect(page.getByText('Provided APIs')).toBeVisible();
  await page.getByRole('link', { name: 'Courses API' }).first().click();
  const tabs = page.getByRole('navigation', { name: 'Content navigation' });
  await tabs.getByRole('button', { name: 'Documentation' }).click();
  await page.getByRole('menuitemradio', { name: 'Definition' }).click();
  // The OpenAPI document renders through Swagger UI.
  await expect(page.locator('.swagger-ui').first()).toBeVisible();
});

test("the portal's own TechDocs build with mkdocs and render", async ({
  page,
}) => {
  await signIn(page, '/docs/default/component/developer-portal');
  // The first visit builds the site with Debian's mkdocs.
  await expect(
    page.getByText('Developer Portal', { exact: false }).first(),
  ).toBeVisible();
  await expect(
    page
      .locator('[data-testid="techdocs-native-shadowroot"]')
      .getByRole('heading', { level: 1 })
      .first(),
  ).toBeVisible({ timeout: 90_000 });
});

test('the template list offers the golden paths', async ({ page }) => {
  await signIn(page, '/create');
  for (const title of [
    'Node.js service (TypeScript, Express)',
    'Python service (Flask)',
    'Go service (net/http)',
  ]) {
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
  }
});

test('a service page shows its ArgoCD state from the ArgoCD double', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/course-service');
  // The overview card: the application's sync and health.
  await expect(page.getByText(/^(Synced|OutOfSync)$/).first()).toBeVisible();
  await expect(
    page.getByText(/^(Healthy|Degraded|Progressing)$/).first(),
  ).toBeVisible();
  // The ArgoCD tab: the deployment history with revisions and authors.
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'ArgoCD' })
    .click();
  await expect(page.getByText('ArgoCD history')).toBeVisible();
  const rows = page.getByRole('row').filter({ hasText: 'local-double' });
  await expect(rows.first()).toContainText(/[0-9a-f]{40}/);
  expect(await rows.count()).toBeGreaterThan(2);
});

test('a service page shows its workloads from the Kubernetes double', async ({
  page,
}) => {
  await signIn(
    page,
    '/catalog/default/component/notification-service/kubernetes',
  );
  // The double runs one crash-looping notification-service pod.
  await expect(page.getByText('Error Reporting')).toBeVisible();
  await expect(
    page.getByText(/container=notification-service restarted \d+ times/),
  ).toBeVisible();
  await expect(page.getByText('local-double').first()).toBeVisible();
});
