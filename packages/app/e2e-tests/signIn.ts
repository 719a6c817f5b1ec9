import { expect, Page } from '@playwright/test';

/**
 * Opens `path` and signs in as the guest, who the embedded default seeds as a
 * member of platform-team.
 */
export async function signIn(page: Page, path = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}
