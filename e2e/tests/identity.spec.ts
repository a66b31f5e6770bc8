import { Browser, Page } from '@playwright/test';
import { test, expect, signIn, Server } from '../fixtures';

// The demo organisation: `tokatsu` (高橋 健一) is the 統括情報セキュリティ責任者 who administers it;
// `shokuin` (佐藤 花子), `kaikei` (鈴木 一郎) and `iin` (中村 由美) are people without administration.
test.use({ seedDemo: true });

/** A second, separate browser (own cookies): another person, or the same one elsewhere. */
async function otherBrowser(browser: Browser, server: Server): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP' });
  return context.newPage();
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('signing in: refused with the server\'s message in either language, then the dashboard, then out', async ({ page }, testInfo) => {
  await page.goto('/organisation/people');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(heading(page)).toHaveText('ログイン');
  await expect(page.getByTestId('user')).toHaveCount(0);

  await page.getByLabel('ログイン名').fill('shokuin');
  await page.getByLabel('パスワード').fill('not-the-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByTestId('form-problem')).toHaveText('ログイン名またはパスワードが正しくありません');
  await page.screenshot({ path: testInfo.outputPath('sign-in-refused-ja.png'), fullPage: true });
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('form-problem')).toHaveText('The login or the password is wrong');
  await page.getByTestId('lang-toggle').click();

  await page.getByLabel('パスワード').fill('mamori-demo-2026');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(heading(page)).toHaveText('ダッシュボード');
  await expect(page.getByTestId('user-name')).toHaveText('佐藤 花子');

  await page.getByTestId('sign-out').click();
  await expect(heading(page)).toHaveText('ログイン');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/');
  await expect(heading(page)).toHaveText('ログイン');
});

test('an administrator creates a department and a person and makes them 情報セキュリティ管理者; they sign in and see it', async ({ page, browser, server }, testInfo) => {
  await signIn(page, 'tokatsu');
  await expect(page.getByTestId('user-name')).toHaveText('高橋 健一');
  await expect(page.getByTestId('user-roles')).toHaveText('統括情報セキュリティ責任者');

  // A department.
  await page.getByRole('navigation').getByRole('link', { name: '組織体制' }).click();
  await expect(heading(page)).toHaveText('職員等');
  await page.getByRole('link', { name: '部署', exact: true }).click();
  await expect(page.getByTestId('departments-table')).toContainText('情報システム係');
  await page.getByRole('link', { name: '部署を追加' }).click();
  await page.getByLabel('部署名').fill('防災安全課');
  await page.getByLabel('読み仮名').fill('ﾎﾞｳｻｲｱﾝｾﾞﾝｶ');
  await page.getByLabel('上位の部署').selectOption({ label: '総務課' });
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(heading(page)).toHaveText('防災安全課');
  await expect(page.getByTestId('department-parent')).toHaveText('総務課');
  // The reading is kept in full-width kana, whatever width was typed.
  await expect(page.getByTestId('department-reading')).toHaveText('ボウサイアンゼンカ');

  // A person in it: the server's rules come back beside the field, in Japanese.
  await page.getByRole('link', { name: '職員等', exact: true }).click();
  await page.getByRole('link', { name: '職員等を登録' }).click();
  await page.getByLabel('氏名').fill('阿部 直子');
  await page.getByLabel('ログイン名').fill('abe');
  await page.getByLabel('所属部署').selectOption({ label: '総務課 › 防災安全課' });
  await page.getByLabel('任用区分').selectOption({ label: '会計年度任用職員' });
  await page.getByLabel('初期パスワード').fill('short');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByTestId('form-problem')).toContainText('入力内容に誤りがあります');
  await expect(page.getByLabel('初期パスワード')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: testInfo.outputPath('person-new-invalid.png'), fullPage: true });
  await page.getByLabel('初期パスワード').fill('Bousai-Anzen-2026');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(heading(page)).toHaveText('阿部 直子');
  await expect(page.getByText('役割の割り当てはありません。')).toBeVisible();

  // The role, for that department.
  await page.getByText('役割を割り当てる').click();
  await page.getByLabel('役割', { exact: true }).selectOption({ label: '情報セキュリティ管理者' });
  await expect(page.getByLabel('対象の部署')).toHaveValue(/.+/);
  await page.getByRole('button', { name: '割り当てる', exact: true }).click();
  const history = page.getByTestId('role-history');
  await expect(history.getByRole('row', { name: /情報セキュリティ管理者/ })).toContainText('防災安全課');
  await expect(history.getByRole('row', { name: /情報セキュリティ管理者/ })).toContainText('在任中');
  await page.screenshot({ path: testInfo.outputPath('person-detail-admin.png'), fullPage: true });

  // The list finds her by name, with her role.
  await page.getByRole('link', { name: '職員等', exact: true }).click();
  await page.getByLabel('氏名・ログイン名で検索').fill('阿部');
  const table = page.getByTestId('people-table');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('情報セキュリティ管理者（防災安全課）');
  await expect(table).toContainText('会計年度任用職員');
  await page.screenshot({ path: testInfo.outputPath('people-list.png'), fullPage: true });

  // She signs in elsewhere and sees who she is and what she holds.
  const hers = await otherBrowser(browser, server);
  await signIn(hers, 'abe', 'Bousai-Anzen-2026');
  await expect(hers.getByTestId('user-name')).toHaveText('阿部 直子');
  await expect(hers.getByTestId('user-roles')).toHaveText('情報セキュリティ管理者（防災安全課）');
  await hers.screenshot({ path: testInfo.outputPath('manager-header-ja.png'), fullPage: true });
  await hers.getByTestId('lang-toggle').click();
  await expect(hers.getByTestId('user-roles')).toHaveText('Information security manager (防災安全課)');
  await hers.getByRole('link', { name: 'Profile' }).first().click();
  await expect(hers.getByTestId('role-history')).toContainText('Current');
  await hers.screenshot({ path: testInfo.outputPath('manager-profile-en.png'), fullPage: true });
  await hers.context().close();
});

test('a staff member sees the organisation but not its administration, and the API refuses them', async ({ page }, testInfo) => {
  await signIn(page, 'shokuin');
  await expect(page.getByTestId('user-roles')).toHaveText('');
  await page.getByRole('navigation').getByRole('link', { name: '組織体制' }).click();
  await expect(page.getByTestId('people-table')).toContainText('高橋 健一');
  await expect(page.getByRole('link', { name: '職員等を登録' })).toHaveCount(0);

  // Someone else's record: no administration.
  await page.getByRole('link', { name: '高橋 健一' }).click();
  await expect(heading(page)).toHaveText('高橋 健一');
  await expect(page.getByTestId('role-history')).toContainText('統括情報セキュリティ責任者');
  await expect(page.getByText('役割を割り当てる')).toHaveCount(0);
  await expect(page.getByText('この人を無効化する')).toHaveCount(0);

  // The admin screen, typed in: "not permitted", not the form.
  await page.goto('/organisation/people/new');
  await expect(page.getByTestId('not-permitted')).toBeVisible();
  await expect(page.getByLabel('初期パスワード')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('staff-not-permitted.png'), fullPage: true });
  await page.goto('/organisation/departments/new');
  await expect(page.getByTestId('not-permitted')).toBeVisible();

  // And the API, with her own session and CSRF token, refuses.
  const me = await (await page.request.get('/api/v1/me')).json();
  expect(me.permissions).toEqual(['organisation.view', 'documents.list', 'committee.view', 'trainings.list']);
  const refused = await page.request.post('/api/v1/people', {
    headers: { 'X-CSRF-Token': me.csrf_token },
    data: {
      name: '無断 登録',
      login: 'mudan',
      department_id: me.department_id,
      employment: 'staff',
      password: 'Kyoka-Nashi-2026',
    },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).type).toBe('/problems/forbidden');
});

test('deactivating a person ends their open session in another browser', async ({ page, browser, server }, testInfo) => {
  const his = await otherBrowser(browser, server);
  await signIn(his, 'kaikei');
  await expect(his.getByTestId('user-name')).toHaveText('鈴木 一郎');

  await signIn(page, 'tokatsu');
  await page.goto('/organisation/people');
  await page.getByLabel('氏名・ログイン名で検索').fill('kaikei');
  await page.getByRole('link', { name: '鈴木 一郎' }).click();
  await expect(heading(page)).toHaveText('鈴木 一郎');
  await page.getByText('この人を無効化する').click();
  await page.getByLabel('理由').fill('任期満了により退職');
  await page.getByRole('button', { name: '無効化する', exact: true }).click();
  await expect(page.getByTestId('person-state')).toHaveText('無効');
  await expect(page.getByText('この人は無効化されています。')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('person-deactivated.png'), fullPage: true });

  // His next request, without reloading the page, lands on the sign-in page.
  await his.getByRole('navigation').getByRole('link', { name: 'プロフィール' }).click();
  await expect(heading(his)).toHaveText('ログイン');
  await expect(his).toHaveURL(/\/sign-in$/);
  // So does loading any page; and he cannot sign in again.
  await his.goto('/');
  await expect(heading(his)).toHaveText('ログイン');
  await his.getByLabel('ログイン名').fill('kaikei');
  await his.getByLabel('パスワード').fill('mamori-demo-2026');
  await his.getByRole('button', { name: 'ログイン' }).click();
  await expect(his.getByTestId('form-problem')).toHaveText('ログイン名またはパスワードが正しくありません');
  await his.screenshot({ path: testInfo.outputPath('deactivated-sign-in.png'), fullPage: true });
  await his.context().close();
});

test('my sessions: the current one is marked; I end the others, then all of them', async ({ page, browser, server }, testInfo) => {
  // Someone no other spec signs in as: the server, and so the sessions, are shared by a worker's specs.
  const elsewhere = await otherBrowser(browser, server);
  await signIn(elsewhere, 'csirt');
  await signIn(page, 'csirt');

  await page.getByRole('navigation').getByRole('link', { name: 'ログイン中の端末' }).click();
  const rows = page.getByTestId('sessions-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('current-session')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('sessions.png'), fullPage: true });

  await page.getByRole('button', { name: 'ほかの端末をすべてログアウト' }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('current-session')).toHaveCount(1);
  await elsewhere.reload();
  await expect(heading(elsewhere)).toHaveText('ログイン');

  await page.getByRole('button', { name: 'すべての端末からログアウト' }).click();
  await expect(heading(page)).toHaveText('ログイン');
  await page.goto('/me/sessions');
  await expect(heading(page)).toHaveText('ログイン');
  await elsewhere.context().close();
});

test('my profile: a wrong current password is refused, a good change keeps me signed in', async ({ page }, testInfo) => {
  await signIn(page, 'haken');
  await page.getByTestId('user-name').click();
  await expect(heading(page)).toHaveText('プロフィール');
  await expect(page.getByTestId('profile')).toContainText('市町村派遣職員');

  await page.getByLabel('現在のパスワード').fill('wrong-password-1');
  await page.getByLabel('新しいパスワード', { exact: true }).fill('Kinmu-Shinsei-2026');
  await page.getByLabel('新しいパスワード（確認）').fill('Kinmu-Shinsei-2026');
  await page.getByRole('button', { name: '変更する' }).click();
  await expect(page.getByText('現在のパスワードが正しくありません')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('password-refused.png'), fullPage: true });

  await page.getByLabel('現在のパスワード').fill('mamori-demo-2026');
  await page.getByRole('button', { name: '変更する' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'パスワードを変更しました' })).toBeVisible();

  await page.getByTestId('sign-out').click();
  await expect(heading(page)).toHaveText('ログイン');
  await signIn(page, 'haken', 'Kinmu-Shinsei-2026');
  await expect(page.getByTestId('user-name')).toHaveText('田中 誠');
});
