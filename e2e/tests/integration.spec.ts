import { APIRequestContext, Browser, Page, request } from '@playwright/test';
import { test, expect, signIn, Server } from '../fixtures';

// 連携システム (issue #13): the 統括 registers a client system with the scopes its tokens may
// use, issues a token whose value is shown once, and the token works as `Authorization: Bearer`
// from outside the browser (no cookies); a rotation revokes the old token at once, a revocation the
// new one. The screens in English too. On the demo organisation.
test.use({ seedDemo: true });

const heading = (page: Page) => page.locator('.page-head').getByRole('heading', { level: 1 });
const menu = (page: Page) => page.getByRole('navigation', { name: /主なメニュー|Main menu/ });
const flash = (page: Page) => page.getByTestId('flash');

/** Today plus `days`, in Japan, as the screen dates a token's last day. */
const daysFromToday = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(Date.now() + days * 86_400_000));

async function signedIn(browser: Browser, server: Server, login: string, english = false): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP' });
  const page = await context.newPage();
  await signIn(page, login);
  if (english) {
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  return page;
}

/** The status of `GET /api/v1/assets` with the token, from a client without cookies. */
async function assetsWith(api: APIRequestContext, token: string): Promise<number> {
  const answer = await api.get('/api/v1/assets', { headers: { Authorization: `Bearer ${token}` } });
  return answer.status();
}

/** The token value shown once, after an issue or a rotation. */
async function shownValue(page: Page): Promise<string> {
  const secret = page.getByTestId('once-secret');
  await expect(secret).toBeVisible();
  await expect(secret).toContainText('このトークンは今だけ表示されます。安全な場所に保管してください。');
  const value = (await secret.getByTestId('once-secret-value').textContent()) ?? '';
  expect(value).toMatch(/^mamori_[A-Za-z0-9_-]{20,}$/);
  return value;
}

test('a client system: registered, its token issued and shown once, used as Bearer, rotated and revoked', async ({ browser, server }) => {
  test.setTimeout(180_000);
  const page = await signedIn(browser, server, 'tokatsu');
  const name = `県防災情報システム ${Date.now()}`;

  // The list, from the menu, and registering.
  await menu(page).getByRole('link', { name: '連携システム' }).click();
  await expect(heading(page)).toHaveText('連携システム');
  await page.getByRole('link', { name: '連携システムを登録' }).click();
  await expect(heading(page)).toHaveText('連携システムを登録');
  const form = page.getByTestId('new-client');

  // Mamori's own checks first: nothing is sent without a name or a scope.
  await form.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByTestId('form-problem')).toBeVisible();
  await expect(form).toContainText('スコープを1つ以上選択してください。');

  await form.getByLabel('名称').fill(name);
  await form.getByLabel('運用団体').fill('〇〇県 危機管理部');
  await form.getByLabel('連絡先').fill('防災システム担当 000-0000-0000');
  await form.getByLabel(/台帳の閲覧/).check();
  await form.getByLabel(/イベントフィード・Webhook/).check();
  await form.getByRole('button', { name: '登録する' }).click();
  await expect(heading(page)).toHaveText(name);
  await expect(flash(page)).toContainText('登録しました');
  await expect(page.getByTestId('client-scopes')).toHaveText('台帳の閲覧、イベントフィード・Webhook');
  await expect(page.getByTestId('tokens')).toHaveCount(0);
  const clientUrl = page.url();

  // Issuing a token: 90 days by default; its value is shown once.
  const issue = page.getByTestId('issue-token');
  await expect(issue.getByLabel('有効期限')).toHaveValue(daysFromToday(90));
  await issue.getByLabel('用途').fill('本番');
  await issue.getByRole('button', { name: '発行する' }).click();
  await expect(flash(page)).toContainText('トークン「本番」を発行しました。');
  const first = await shownValue(page);
  const row = page.getByTestId('token-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('token-status')).toHaveText('有効');
  await expect(row.getByTestId('token-prefix')).toContainText(first.slice(0, 11));
  // Nothing of it is kept by the browser.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(first);

  // The token, from outside the browser (no cookies, no CSRF token).
  const api = await request.newContext({ baseURL: server.url });
  expect(await assetsWith(api, first)).toBe(200);
  expect(await assetsWith(api, 'mamori_not-a-token')).toBe(401);

  // Rotating: a new value, shown once; the old one is refused at once.
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByTestId('token-rotate').click();
  await expect(flash(page)).toContainText('再発行しました');
  await expect(page.getByTestId('once-secret-value')).not.toHaveText(first);
  const second = await shownValue(page);
  expect(second).not.toBe(first);
  expect(await assetsWith(api, first)).toBe(401);
  expect(await assetsWith(api, second)).toBe(200);
  await expect(page.getByTestId('token-row')).toHaveCount(2);
  await expect(page.getByTestId('token-row').filter({ has: page.locator('[data-status="active"]') })).toHaveCount(1);

  // Revoking the new one (asked first): refused from then on.
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('token-revoke').click();
  await expect(flash(page)).toContainText('失効させました');
  await expect(page.getByTestId('token-revoke')).toHaveCount(0);
  await expect(page.getByTestId('token-status')).toHaveText(['失効', '失効']);
  expect(await assetsWith(api, second)).toBe(401);
  await api.dispose();

  // A webhook: its signing secret shown once; the delivery log; turned off (asked first).
  const subscribe = page.getByTestId('new-subscription');
  await subscribe.getByLabel('送信先 URL').fill('ftp://example.org/hook');
  await subscribe.getByRole('button', { name: '追加する' }).click();
  await expect(subscribe).toContainText('https:// または http:// で始まる URL を入力してください。');
  await subscribe.getByLabel('送信先 URL').fill('https://203.0.114.1/webhooks/mamori');
  await subscribe.getByRole('button', { name: '追加する' }).click();
  await expect(flash(page)).toContainText('Webhook を追加しました。');
  const secret = page.getByTestId('once-secret');
  await expect(secret).toContainText('このシークレットは今だけ表示されます。');
  await expect(secret.getByTestId('once-secret-value')).toHaveText(/^whsec_/);
  const subscription = page.getByTestId('subscription-row');
  await expect(subscription.getByTestId('subscription-url')).toHaveText('https://203.0.114.1/webhooks/mamori');
  await expect(subscription).toContainText('すべて');
  await expect(subscription.getByTestId('subscription-status')).toHaveText('有効');
  const deliveries = page.locator('section[aria-labelledby="deliveries-heading"]');
  await expect(deliveries.locator('[data-testid="deliveries"], .empty').first()).toBeVisible();
  await expect(deliveries.locator('.failure')).toHaveCount(0);
  page.once('dialog', (dialog) => dialog.accept());
  await subscription.getByTestId('subscription-off').click();
  await expect(flash(page)).toContainText('への送信を停止しました。');
  await expect(page.getByTestId('subscription-status')).toHaveText('担当者が停止');

  // The value is gone once the screen is left.
  await page.getByRole('link', { name: '連携システム' }).first().click();
  await expect(heading(page)).toHaveText('連携システム');
  const listed = page.getByTestId('client-row').filter({ hasText: name });
  await expect(listed.getByTestId('client-active-tokens')).toHaveText('0');
  await listed.getByRole('link', { name }).click();
  await expect(heading(page)).toHaveText(name);
  await expect(page.getByTestId('token-row')).toHaveCount(2);
  await expect(page.getByTestId('once-secret')).toHaveCount(0);
  expect(page.url()).toBe(clientUrl);

  // In English.
  const english = await signedIn(browser, server, 'tokatsu', true);
  await menu(english).getByRole('link', { name: 'Integrations' }).click();
  await expect(heading(english)).toHaveText('Integrations');
  await expect(english.getByRole('link', { name: 'Register a client system' })).toBeVisible();
  const row2 = english.getByTestId('client-row').filter({ hasText: name });
  await expect(row2.getByTestId('client-scopes')).toHaveText('Reading the register, Event feed and webhooks');
  await row2.getByRole('link', { name }).click();
  await expect(heading(english)).toHaveText(name);
  await expect(english.getByRole('heading', { name: 'Tokens' })).toBeVisible();
  await expect(english.getByTestId('token-status')).toHaveText(['Revoked', 'Revoked']);
  await expect(english.getByTestId('issue-token').getByLabel('Label')).toBeVisible();
  await expect(english.getByTestId('subscription-status')).toHaveText('Turned off by a person');
  await expect(english.getByRole('heading', { name: 'Delivery log' })).toBeVisible();
  await english.context().close();
});

test('the API reference renders in the browser from the OpenAPI document, with nothing from elsewhere', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) outside.push(r.url());
  });
  const refused: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') refused.push(m.text());
  });
  const response = await page.goto('/api/v1/reference');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mamori API');
  // Every operation of the document is on the page, with its security and its answers.
  const document = await (await page.request.get('/api/v1/openapi.json')).json();
  const operations = Object.values(document.paths).flatMap((item: any) => Object.values(item)) as any[];
  expect(operations.length).toBeGreaterThan(100);
  for (const operation of operations.slice(0, 20)) {
    await expect(page.locator(`[id="${operation.operationId}"]`)).toBeVisible();
  }
  const feed = page.locator('[id="get_feed"]').locator('..');
  await expect(feed).toContainText('bearer (feed:read)');
  await expect(feed).toContainText('/problems/insufficient-scope');
  // Its style applies (the CSP admits its one inline style by hash): headings are monospace.
  const family = await page.locator('[id="get_feed"]').evaluate((e) => getComputedStyle(e).fontFamily);
  expect(family).toMatch(/monospace|Menlo|Consolas/);
  expect(outside).toEqual([]);
  expect(refused).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('reference.png') });
  await context.close();
});
