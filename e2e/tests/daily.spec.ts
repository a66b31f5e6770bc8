import { Browser, Page } from '@playwright/test';
import { test, expect, signIn, Server } from '../fixtures';

// Daily use (issue: "nobody is told anything"): tasks and mails for requests and decisions, a
// dashboard with only what concerns each person, 五十音 order and width-blind search, and asking
// for access without knowing an id. On the demo organisation, with a real SMTP server on loopback.
test.use({ seedDemo: true, mail: true });

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const menu = (page: Page) => page.getByRole('navigation', { name: /主なメニュー|Main menu/ });

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

/** The mails to `address` so far, waiting until there are at least `count`. */
async function mailsTo(server: Server, address: string, count: number): Promise<string[]> {
  let found: string[] = [];
  await expect
    .poll(() => {
      found = server.mailbox!.mails().filter((m) => new RegExp(`^To:.*<${address}>`, 'm').test(m));
      return found.length;
    }, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(count);
  return found;
}

test('an approver gets a task and a mail for a new request; the requester one for the decision', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const staff = await signedIn(browser, server, 'shokuin');
  const officer = await signedIn(browser, server, 'sekinin');
  const before = server.mailbox!.mails().length;

  // 佐藤 花子 (企画課) asks for access to her department's minutes, on the asset's page.
  await staff.goto('/register');
  await staff.getByLabel('名称・設置場所・説明で検索').fill('議事録');
  await staff.getByTestId('asset-row').getByRole('link', { name: '企画会議議事録' }).click();
  await expect(heading(staff)).toHaveText('企画会議議事録');
  await staff.locator('summary', { hasText: 'アクセスを申請する' }).click();
  const form = staff.getByTestId('access-request');
  await form.getByRole('radio', { name: /^利用/ }).check();
  await form.getByLabel('理由').fill('議事録の修正のため');
  await form.getByRole('button', { name: '申請する', exact: true }).click();
  await expect(staff.getByTestId('flash')).toContainText('企画会議議事録');

  // 企画課's 情報セキュリティ責任者 has a task, and a mail that names nothing but "a request" and a link.
  await officer.reload();
  const task = officer.getByTestId('task').filter({ hasText: '企画会議議事録' });
  await expect(task).toContainText('承認待ちのアクセス申請');
  await expect(officer.getByTestId('tasks-count')).not.toHaveText('0');
  const mails = await mailsTo(server, 'sekinin@example.lg.jp', 1);
  expect(mails[0]).toContain('承認待ちのアクセス申請があります');
  expect(mails[0]).toContain('/grants/inbox');
  expect(mails[0]).not.toContain('企画会議議事録');
  expect(mails[0]).not.toContain('議事録の修正');

  // The task leads to the inbox, where the officer approves.
  await task.getByRole('link').click();
  await expect(heading(officer)).toHaveText('承認待ち');
  const request = officer.getByTestId('inbox-request').filter({ hasText: '企画会議議事録' });
  await request.getByRole('button', { name: '承認する', exact: true }).click();
  await expect(officer.getByTestId('flash')).toContainText('承認しました');

  // The requester's task says so, and so does a mail.
  await staff.goto('/');
  const decided = staff.getByTestId('task').filter({ hasText: '企画会議議事録' });
  await expect(decided).toContainText('アクセス申請の結果');
  await expect(decided).toContainText('承認');
  const told = await mailsTo(server, 'shokuin@example.lg.jp', 1);
  expect(told[0]).toContain('アクセス申請の結果が出ました');
  expect(server.mailbox!.mails().length).toBeGreaterThan(before);

  // In English too.
  await staff.getByTestId('lang-toggle').click();
  await expect(staff.getByTestId('task').filter({ hasText: '企画会議議事録' })).toContainText('Your access request was decided');
  await staff.context().close();
  await officer.context().close();
});

test("a staff member's dashboard shows only what concerns them; a manager's and an administrator's more", async ({ browser, server }) => {
  const staff = await signedIn(browser, server, 'shokuin');
  await expect(staff.locator('#tasks')).toBeVisible();
  await expect(staff.locator('#my-grants-heading')).toBeVisible();
  await expect(staff.getByTestId('assets-by-level')).toHaveCount(0);
  await expect(staff.getByTestId('inbox-count')).toHaveCount(0);
  await expect(staff.getByTestId('health')).toHaveCount(0);
  await expect(menu(staff).getByRole('link', { name: '承認待ち' })).toHaveCount(0);
  await expect(menu(staff).getByRole('link', { name: /インシデント/ })).toContainText('準備中');

  const manager = await signedIn(browser, server, 'kanrisha');
  await expect(manager.getByTestId('assets-by-level')).toBeVisible();
  await expect(manager.getByTestId('inbox-count')).toBeVisible();
  await expect(manager.getByTestId('health')).toHaveCount(0);
  await expect(menu(manager).getByRole('link', { name: '承認待ち' })).toBeVisible();

  const admin = await signedIn(browser, server, 'sysadmin', true);
  await expect(admin.getByTestId('health')).toBeVisible();
  await expect(admin.locator('#tasks')).toContainText('To do');
  for (const page of [staff, manager, admin]) await page.context().close();
});

test('the register sorts 五十音 by 読み仮名, and 「ｼｽﾃﾑ」 finds 「システム」', async ({ browser, server }) => {
  const manager = await signedIn(browser, server, 'tokatsu');
  await manager.goto('/register');
  const names = manager.getByTestId('asset-row').getByRole('link');
  // By reading: いんたーねっと, きかく, こうしき, こじん, ざいむ, じゅうみん, しょくいん, ちょうない,
  // ねっとわーく, ばっくあっぷ (code-point order would put the katakana names first).
  await expect(names).toHaveText([
    'インターネットメール', '企画会議議事録', '公式ウェブサイト', '個人番号利用事務データ', '財務会計システム',
    '住民情報システム', '職員研修資料', '庁内LGWAN端末', 'ネットワーク構成図', 'バックアップ媒体（週次）',
  ]);
  // Half-width katakana finds full-width, in names and places (個人番号利用事務データ is kept
  // 「住民情報システム内」), and hiragana does too.
  const found = ['個人番号利用事務データ', '財務会計システム', '住民情報システム', 'ネットワーク構成図'];
  await manager.getByLabel('名称・設置場所・説明で検索').fill('ｼｽﾃﾑ');
  await expect(names).toHaveText(found);
  await manager.getByLabel('名称・設置場所・説明で検索').fill('しすてむ');
  await expect(names).toHaveText(found);
  await manager.context().close();
});

test('a request by description is linked by a manager and becomes a grant', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const staff = await signedIn(browser, server, 'shokuin');
  const manager = await signedIn(browser, server, 'kanrisha');

  // She does not know the asset's name or id: she says what she needs and where it may be.
  await staff.goto('/grants/request');
  const form = staff.getByTestId('inquiry-form');
  await form.getByLabel('必要な情報').fill('庁内ネットワークの構成が分かる資料');
  await form.getByLabel('持っていると思われる部署').selectOption({ label: '総務課 › 情報システム係' });
  await form.getByRole('radio', { name: /^閲覧/ }).check();
  await form.getByLabel('理由').fill('端末の配置換えの検討のため');
  await form.getByRole('button', { name: 'この内容で申請する' }).click();
  await expect(staff.getByTestId('flash')).toContainText('情報システム係');

  // 情報システム係's manager links it to the asset, which grants it.
  await manager.goto('/grants/inbox');
  const card = manager.getByTestId('inbox-inquiry').filter({ hasText: '庁内ネットワークの構成' });
  await card.getByTestId('inquiry-asset').selectOption({ label: 'ネットワーク構成図' });
  await card.getByTestId('inquiry-link').click();
  await expect(manager.getByTestId('flash')).toContainText('佐藤 花子');
  await expect(card).toHaveCount(0);

  // Her requests now name the asset, and the grant is in force.
  await staff.goto('/grants/mine');
  const row = staff.getByTestId('my-grants').getByRole('row', { name: /ネットワーク構成図/ });
  await expect(row.getByTestId('grant-status')).toHaveText('有効');
  await expect(staff.getByTestId('my-inquiries')).toContainText('付与済み');
  await staff.context().close();
  await manager.context().close();
});
