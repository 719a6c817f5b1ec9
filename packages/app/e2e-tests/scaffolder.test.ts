import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

// The e2e backend publishes templates without a repository URL to
// .data/e2e/local-git (publish:local) and registers them in its catalog.

test('a Node.js service is created from its template and opens in the catalog', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Unique per run and retry: a name cannot be published twice.
  const name = `e2e-node-${Date.now().toString(36)}`;

  await signIn(page, '/create');
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: /Node\.js service/ });
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/nodejs-service$/);

  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill('Made by the browser e2e suite');
  const owner = page.getByRole('textbox', { name: /^Owner/ });
  await owner.fill('platform');
  await page.getByRole('option', { name: /platform.team/i }).click();
  await expect(owner).toHaveValue(/platform.team/i);

  // The other pages keep their defaults, the repository page included (no
  // repository: the portal's local git).
  const review = page.getByRole('button', { name: 'Review' });
  for (let page_ = 0; page_ < 5 && !(await review.isVisible()); page_++) {
    await page.getByRole('button', { name: 'Next' }).click();
  }
  await review.click();
  await expect(page.getByText(name, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(page).toHaveURL(/\/create\/tasks\/[^/]+$/);
  // The steps, as the task page lists them, and the output once all ran.
  await expect(page.getByText('Fetch the skeleton')).toBeVisible();
  await expect(
    page.getByText(/^Publish to the portal's local git/),
  ).toBeVisible();
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('link', { name: 'Repository' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'TechDocs' })).toBeVisible();

  await openInCatalog.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}$`),
  );
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  await expect(page.getByText('Made by the browser e2e suite')).toBeVisible();
});
