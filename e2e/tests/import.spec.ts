import { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { test, expect, signIn } from '../fixtures';

// Importing the register kept in Excel (情報資産台帳の取込み) on the demo organisation: `tokatsu`
// (統括情報セキュリティ責任者) registers in every department, so may import.
test.use({ seedDemo: true });

const HEADINGS = [
  '資産名', 'ふりがな', '種別', '所管課', '管理者', '機密性', '完全性', '可用性',
  'ネットワーク', '保管場所', '説明', '保存期間', '個人情報', '委託先', '外部サービス',
];
const DEPARTMENTS = ['総務課', '企画課', '会計課', '情報システム係', '事業推進課'];

/** Row `i` of the register, as municipal staff fill it in. */
function row(i: number): (string | number)[] {
  const [kind, c, tier, personal] = [
    ['情報システム', 2, 'LGWAN接続系', '個人情報'],
    ['情報', '3A', 'マイナンバー利用事務系', '特定個人情報'],
    ['紙媒体', 1, 'なし', 'なし'],
    ['機器', 2, 'インターネット接続系', ''],
  ][i % 4];
  return [
    `取込資産${String(i).padStart(3, '0')}`, 'とりこみしさん', kind, DEPARTMENTS[i % 5],
    i % 3 === 0 ? '渡辺 大輔' : '', c, 2, 2, tier, '本庁舎', `${i}番目の資産`,
    i % 2 === 0 ? '5年' : '永年', personal, '', '',
  ];
}

/** A workbook as registers are kept: a title, a blank row, the headings, 200 rows. */
async function workbook(path: string, rows: (string | number)[][]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('情報資産台帳');
  sheet.addRow(['情報資産台帳（令和7年度）']);
  sheet.addRow([]);
  sheet.addRow(HEADINGS);
  rows.forEach((r) => sheet.addRow(r));
  await book.xlsx.writeFile(path);
}

async function choose(page: Page, path: string) {
  await page.locator('#import-file').setInputFiles(path);
  await expect(page.getByTestId('import-preview')).toBeVisible();
}

test('a workbook of 200 rows with three wrong shows their problems and imports nothing until they are fixed', async ({ page }, testInfo) => {
  const rows = Array.from({ length: 200 }, (_, i) => row(i));
  rows[10][3] = '総務部'; // no such department (sheet row 14)
  rows[50][5] = 4; // no such level (row 54)
  rows[121][8] = 'LGWAN接続系'; // 特定個人情報 off the My Number tier (row 125)
  const wrong = testInfo.outputPath('台帳-誤りあり.xlsx');
  await workbook(wrong, rows);

  await signIn(page, 'tokatsu');
  await page.goto('/register');
  await page.getByRole('link', { name: '台帳を取り込む（Excel・CSV）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '情報資産台帳の取込み' })).toBeVisible();
  await choose(page, wrong);

  await expect(page.getByTestId('import-problem-count')).toContainText('問題が 3 件');
  // Only the rows with problems are shown at first, each highlighted with what is wrong.
  const shown = page.getByTestId('import-row');
  await expect(shown).toHaveCount(3);
  await expect(shown.nth(0).locator('th')).toHaveText('14');
  await expect(shown.nth(0)).toContainText('「総務部」という部署はありません');
  await expect(shown.nth(1).locator('th')).toHaveText('54');
  await expect(shown.nth(1).locator('li')).toHaveAttribute('data-code', 'unknown_level');
  await expect(shown.nth(2).locator('th')).toHaveText('125');
  await expect(shown.nth(2)).toContainText('マイナンバー利用事務系');
  await expect(page.locator('.import-table td.problem-cell')).toHaveCount(3);
  await expect(page.getByTestId('import-submit')).toBeDisabled();
  // Every column was given its field from its heading.
  await expect(page.locator('#import-column-3')).toHaveValue('department');
  await expect(page.locator('#import-column-5')).toHaveValue('confidentiality');
  await page.screenshot({ path: testInfo.outputPath('import-problems.png'), fullPage: true });

  // Nothing was written: the register has the demo's assets only.
  await page.goto('/register?q=取込資産');
  await expect(page.getByText('該当する情報資産はありません。')).toBeVisible();

  // Fixed, the same 200 rows import in one go.
  rows[10][3] = '総務課';
  rows[50][5] = '3B';
  rows[121][8] = 'マイナンバー利用事務系';
  const fixed = testInfo.outputPath('台帳.xlsx');
  await workbook(fixed, rows);
  await page.goto('/register/import');
  await choose(page, fixed);
  await expect(page.getByTestId('import-problem-count')).toContainText('問題はありません');
  await expect(page.getByTestId('import-submit')).toBeEnabled();
  // Changing a column's field asks for a new check before importing.
  await page.locator('#import-column-13').selectOption('');
  await expect(page.getByTestId('import-submit')).toBeDisabled();
  await page.getByTestId('import-recheck').click();
  await expect(page.getByTestId('import-submit')).toBeEnabled();
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-done')).toContainText('200 件の情報資産を取り込みました');

  await page.getByTestId('import-done').getByRole('link', { name: '情報資産台帳を見る' }).click();
  await page.getByLabel('名称・設置場所・説明で検索').fill('取込資産121');
  await expect(page.getByRole('link', { name: '取込資産121' })).toBeVisible();
  await page.getByRole('link', { name: '取込資産121' }).click();
  await expect(page.getByTestId('asset-personal')).toHaveText('特定個人情報');
  await expect(page.getByTestId('asset-retention')).toHaveText('永年');
  await expect(page.getByTestId('asset-reading')).toHaveText('とりこみしさん');
});

test('staff who register nothing are not offered the import', async ({ page }) => {
  await signIn(page, 'shokuin');
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: '情報資産台帳' })).toBeVisible();
  await expect(page.getByRole('link', { name: '台帳を取り込む（Excel・CSV）' })).toHaveCount(0);
  await page.goto('/register/import');
  await expect(page.getByTestId('not-permitted')).toBeVisible();
});
