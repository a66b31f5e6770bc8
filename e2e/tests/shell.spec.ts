import { test, expect, signIn } from '../fixtures';

test.use({ seedDemo: true });

// The health card is for those who run the system (Cedar `system.health`): the demo's 情報システム管理者.
test('the dashboard shows the server health in Japanese, then in English', async ({ page, server }, testInfo) => {
  const blocked: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) {
      blocked.push(request.url());
    }
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await signIn(page, 'sysadmin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page).toHaveTitle('ダッシュボード | 守り Mamori');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ダッシュボード');
  await expect(page.getByTestId('health-status')).toHaveText('正常');
  await expect(page.getByTestId('health-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('health-database')).toContainText('sqlite');
  await expect(page.getByRole('navigation').getByRole('link', { name: '情報資産' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dashboard-ja.png'), fullPage: true });

  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle('Dashboard | Mamori');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard');
  await expect(page.getByTestId('health-status')).toHaveText('OK');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Asset register' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dashboard-en.png'), fullPage: true });

  // The choice is remembered.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard');

  expect(errors).toEqual([]);
  expect(blocked).toEqual([]);
});

test('client routes load the app, unknown ones say so', async ({ page }) => {
  await signIn(page, 'sysadmin');
  await page.goto('/assets-not-a-file');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');
  await page.goto('/incidents');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('インシデント');
  await page.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('health-status')).toHaveText('正常');
});
