import { Page } from '@playwright/test';
import { test, expect, signIn } from '../fixtures';

// The first screen downloads only the shell; an area's code (one .wasm chunk per area, see
// docs/frontend-size.md) is fetched when one of its screens first shows.
test.use({ seedDemo: true });

/** The chunk of `area` among the files the page requested. */
function chunkOf(area: string, requested: string[]): string[] {
  return requested.filter((url) => new RegExp(`/assets/app-[0-9a-f]+/split_${area}_\\d+\\.wasm$`).test(url));
}

function recordRequests(page: Page): string[] {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  return requested;
}

test('a first visit loads the shell only, and each area when it is first opened', async ({ page, server }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const requested = recordRequests(page);

  await signIn(page, 'shokuin');
  await expect(page.locator('#tasks')).toBeVisible();
  const wasm = requested.filter((url) => url.endsWith('.wasm'));
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/\/assets\/app-[0-9a-f]+\/mamori_bg\.wasm$/);

  // Into the register by its link: its chunk is fetched now, and the screen works.
  const register = page.waitForResponse((response) => chunkOf('register', [response.url()]).length === 1);
  await page.getByRole('navigation').getByRole('link', { name: '情報資産台帳' }).click();
  const chunk = await register;
  expect(chunk.status()).toBe(200);
  expect(chunk.headers()['content-type']).toBe('application/wasm');
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('情報資産台帳');
  await expect(page.getByTestId('assets-table').or(page.getByTestId('assets-empty'))).toBeVisible();
  expect(chunkOf('organisation', requested)).toEqual([]);

  // Then the organisation: its own chunk, once; its screens work, and moving within it fetches nothing.
  await page.getByRole('navigation').getByRole('link', { name: '組織体制' }).click();
  await expect(page.getByTestId('people-table')).toContainText('高橋 健一');
  expect(chunkOf('organisation', requested)).toHaveLength(1);
  await page.getByRole('link', { name: '高橋 健一' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('高橋 健一');
  await page.goBack();
  await page.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(page.locator('#tasks')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '情報資産台帳' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('情報資産台帳');
  expect(chunkOf('register', requested)).toHaveLength(1);
  expect(chunkOf('organisation', requested)).toHaveLength(1);

  // Nothing came from anywhere but the server.
  expect(requested.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:'))).toEqual([]);
  expect(errors).toEqual([]);
});

test('an address inside an area, opened directly, loads the shell and that area', async ({ page }) => {
  await signIn(page, 'shokuin');
  const requested = recordRequests(page);
  await page.goto('/organisation/departments');
  await expect(page.getByTestId('departments-table')).toContainText('総務課');
  expect(chunkOf('organisation', requested)).toHaveLength(1);
  expect(chunkOf('register', requested)).toEqual([]);
});

test('a page still running a replaced build reloads when an area is gone, and then opens it', async ({ page }) => {
  await signIn(page, 'shokuin');
  // As after a deployment: the build this page runs no longer has the organisation's chunk.
  let refused = 0;
  await page.route(/\/split_organisation_\d+\.wasm$/, (route) => {
    refused += 1;
    return route.fulfill({ status: 404, body: 'not found' });
  }, { times: 1 });
  const reloaded = page.waitForEvent('load');
  await page.getByRole('navigation').getByRole('link', { name: '組織体制' }).click();
  // The router had not yet moved to the area's address: the page reloads where it was.
  await reloaded;
  await expect(page.locator('#tasks')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '組織体制' }).click();
  await expect(page.getByTestId('people-table')).toContainText('高橋 健一');
  expect(refused).toBe(1);
});
