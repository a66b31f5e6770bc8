import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

import { test, expect, signIn } from '../fixtures';

test.use({ seedDemo: true });

test('an auditor keeps the verifier key and the checkpoint, downloads the export, and the offline command verifies it', async ({ page }, testInfo) => {
  await signIn(page, 'kansa');
  await page.getByRole('navigation').getByRole('link', { name: '記録の検証' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('記録の検証');
  await expect(page).toHaveTitle(/^記録の検証/);
  const key = (await page.getByTestId('log-key').innerText()).trim();
  expect(key).toMatch(/^mamori\.localhost\/log\+[0-9a-f]{8}\+/);
  const checkpoint = await page.getByTestId('log-checkpoint').innerText();
  expect(checkpoint).toContain('mamori.localhost/log\n');
  await page.screenshot({ path: testInfo.outputPath('log-ja.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await page.getByTestId('log-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('mamori-log.ndjson');
  const file = testInfo.outputPath('mamori-log.ndjson');
  await download.saveAs(file);
  const export_ = readFileSync(file, 'utf8');
  expect(export_.split('\n')[0]).toContain('mamori-log-export/v1');

  // The auditor's own machine: no database, no server.
  const bin = process.env.MAMORI_BIN!;
  const report = execFileSync(bin, ['audit', '--key', key, '--export', file], { encoding: 'utf8' });
  expect(report).toMatch(/^ok: \d+ events of mamori\.localhost\/log/);

  // A changed event is named.
  const lines = export_.split('\n');
  lines[2] = lines[2].replace('"payload":"{', '"payload":"{\\"x\\":1,');
  const tampered = testInfo.outputPath('tampered.ndjson');
  writeFileSync(tampered, lines.join('\n'));
  let failed = '';
  try {
    execFileSync(bin, ['audit', '--key', key, '--export', tampered], { encoding: 'utf8' });
  } catch (error: any) {
    failed = `${error.status} ${error.stdout}`;
  }
  expect(failed).toContain('3 audit failed: event 2 was changed');
});

test('staff do not see the record\'s verification, and the API refuses them', async ({ page }) => {
  await signIn(page, 'shokuin');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'ダッシュボード' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '記録の検証' })).toHaveCount(0);
  const status = await page.evaluate(async () => (await fetch('/api/v1/log/summary')).status);
  expect(status).toBe(403);
});
