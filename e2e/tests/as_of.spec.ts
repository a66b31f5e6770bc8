import { execFileSync } from 'node:child_process';

import { test, expect, signIn } from '../fixtures';

test.use({ seedDemo: true });

/** Now in Japan, to the second, as a date-and-time field takes it (2026-11-30T10:05:30). */
function nowInJapan(): string {
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 19);
}

test('an auditor looks at the register as it was, downloads the export, and the offline command verifies it', async ({ page, browser, server }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  // The moment the auditor will look at: after the demo was written, before the changes below.
  await page.waitForTimeout(1_100);
  const moment = nowInJapan();
  await page.waitForTimeout(1_100);

  // Since then, the manager reclassified the network diagram and revoked the contractor's grant.
  const context = await browser.newContext({ baseURL: server.url });
  const manager = await context.newPage();
  await signIn(manager, 'kanrisha');
  const token = (await (await manager.request.get('/api/v1/me')).json()).csrf_token;
  const register = await (await manager.request.get('/api/v1/assets?limit=500')).json();
  const asset = register.items.find((a: { name: string }) => a.name === 'ネットワーク構成図');
  expect(asset.classification.confidentiality).toBe('3C');
  const reclassified = await manager.request.post(`/api/v1/assets/${asset.id}/classification`, {
    headers: { 'X-CSRF-Token': token, 'If-Match': `"${asset.version}"` },
    data: { classification: { confidentiality: '3B', integrity: '2', availability: '1' }, reason: '構成情報の重要度を見直し' },
  });
  expect(reclassified.status()).toBe(200);
  const grants = await (await manager.request.get(`/api/v1/assets/${asset.id}/grants`)).json();
  const grant = grants.find((g: { status: string }) => g.status === 'active');
  expect(grant.person_name).toBe('松本 亮');
  const revoked = await manager.request.post(`/api/v1/grants/${grant.id}/revoke`, {
    headers: { 'X-CSRF-Token': token, 'If-Match': `"${grant.version}"` },
    data: { reason: '保守契約の終了' },
  });
  expect(revoked.status()).toBe(200);
  await context.close();

  // The auditor sees the register as it is now.
  await signIn(page, 'kansa');
  await page.getByRole('navigation').getByRole('link', { name: '情報資産台帳' }).click();
  const row = page.getByRole('row', { name: /ネットワーク構成図/ });
  await expect(row.getByTestId('asset-confidentiality')).toHaveText('3B');
  await expect(page.getByTestId('as-of-banner')).toHaveCount(0);

  // ... and as it was at the moment picked: the old level, and a banner that says so.
  await page.getByLabel('表示する時点').fill(moment);
  await page.getByRole('button', { name: 'この時点を表示' }).click();
  const banner = page.getByTestId('as-of-banner');
  await expect(banner).toContainText('時点の記録を表示しています');
  await expect(row.getByTestId('asset-confidentiality')).toHaveText('3C');
  expect(page.url()).toContain('as_of=');
  await shot('register-as-of');

  // The asset as it was: 3C, the contractor's grant still active, nothing offered to change.
  await row.getByRole('link', { name: 'ネットワーク構成図' }).click();
  await expect(page.getByTestId('asset-level')).toHaveText('3C');
  await expect(banner).toBeVisible();
  const contractor = page.getByRole('row', { name: /松本 亮/ });
  await expect(contractor.getByTestId('grant-status')).toHaveText('有効');
  await expect(page.getByRole('button', { name: /分類する|分類を変更/ })).toHaveCount(0);
  await shot('asset-as-of');

  // Back to now: the new level, the grant revoked.
  await page.getByRole('button', { name: '現在に戻る' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('asset-level')).toHaveText('3B');
  await expect(contractor.getByTestId('grant-status')).toHaveText('取消');
  expect(page.url()).not.toContain('as_of=');

  // The export of the log, checked offline with the verifier key shown to the auditor.
  await page.getByRole('navigation').getByRole('link', { name: '記録の検証' }).click();
  const key = (await page.getByTestId('log-key').innerText()).trim();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('log-export').click();
  const file = testInfo.outputPath('mamori-log.ndjson');
  await (await downloading).saveAs(file);
  const report = execFileSync(process.env.MAMORI_BIN!, ['audit', '--key', key, '--export', file], { encoding: 'utf8' });
  expect(report).toMatch(/^ok: \d+ events of mamori\.localhost\/log/);
});

test('a moment in the future is refused with its reason, and the screen says so', async ({ page }) => {
  await signIn(page, 'kansa');
  const status = await page.evaluate(async () => (await fetch('/api/v1/assets?as_of=2999-01-01T00%3A00%3A00%2B09%3A00')).status);
  expect(status).toBe(400);
  await page.goto('/register?as_of=2999-01-01T00:00:00');
  await expect(page.getByTestId('as-of-banner')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('リクエストの形式が正しくありません');
});
