import { Browser, Page } from '@playwright/test';
import { test, expect, signIn, Server } from '../fixtures';

// Policy documents and the security committee (issue #11): the 統括 drafts a revision of the
// standards and submits it; committee members vote on the text named by its hash; an edit
// withdraws their votes, and a vote on the text as it was is refused; the decision follows the
// committee's rule, the version takes effect on its date, people acknowledge it and their managers
// see who has not; the basic policy is public, the standards are not. On the demo organisation
// (its standards are in force, with a revision under review), in Japanese and English.
test.use({ seedDemo: true });

// The screen's heading (a document's text has headings of its own).
const heading = (page: Page) => page.locator('.page-head').getByRole('heading', { level: 1 });
const menu = (page: Page) => page.getByRole('navigation', { name: /主なメニュー|Main menu/ });
const flash = (page: Page) => page.getByTestId('flash');

/** Today in Japan, as the server dates what takes effect. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());

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

/** A committee member opens the revision of the standards from the review queue (審議待ち). */
async function openFromQueue(page: Page) {
  await menu(page).getByRole('link', { name: /^(審議|Review)$/ }).click();
  await expect(heading(page)).toHaveText(/審議待ち|Review/);
  await page.getByTestId('review-row').getByRole('link', { name: '情報セキュリティ対策基準' }).click();
  await expect(heading(page)).toContainText('情報セキュリティ対策基準');
}

/** Votes in the dialog, which names the hash of the text shown; answers the hash it named. */
async function vote(page: Page, choice: RegExp, comment = ''): Promise<string> {
  await page.getByTestId('vote-open').click();
  const dialog = page.getByTestId('vote-dialog');
  await expect(dialog).toBeVisible();
  const hash = (await dialog.getByTestId('vote-hash').textContent()) ?? '';
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('revision-hash')).toHaveText(hash);
  await dialog.getByRole('radio', { name: choice }).check();
  if (comment) await dialog.getByLabel(/意見|Comment/).fill(comment);
  await dialog.getByRole('button', { name: /^(投票する|Cast the vote)$/ }).click();
  return hash;
}

test('a revision of the standards: drafted, reviewed, edited, approved under the rule, in force and acknowledged', async ({ browser, server }) => {
  test.setTimeout(240_000);
  const author = await signedIn(browser, server, 'tokatsu');

  // The demo's revision under review is withdrawn first: one revision is open at a time.
  await menu(author).getByRole('link', { name: '文書' }).click();
  await expect(heading(author)).toHaveText('文書');
  await author.getByTestId('open-revision-row').filter({ hasText: '情報セキュリティ対策基準' }).getByTestId('open-revision-link').click();
  await author.locator('summary', { hasText: '取り下げ' }).click();
  await author.getByTestId('revision-discard').getByLabel('理由').fill('改定案を作り直すため');
  await author.getByRole('button', { name: '取り下げる' }).click();
  await expect(flash(author)).toContainText('取り下げました');
  await expect(author.getByTestId('revision-status').first()).toHaveText('取り下げ');

  // The document's page: the text in force, 第1版, and the way to draft the next.
  await author.getByTestId('revision-document').click();
  await expect(heading(author)).toHaveText('情報セキュリティ対策基準');
  await expect(author.getByTestId('document-version')).toHaveText('第1版');
  const documentUrl = author.url();
  const documentId = documentUrl.split('/').pop()!;
  await author.getByTestId('draft-revision').click();
  await expect(heading(author)).toHaveText('「情報セキュリティ対策基準」の改定案を作成');

  // The text starts as the one in force; a file read in replaces it; the preview follows.
  const text = author.getByLabel('本文（Markdown）');
  await expect(text).toHaveValue(/情報セキュリティ対策基準/);
  const inForce = await text.inputValue();
  await author.getByTestId('draft-file').setInputFiles({
    name: 'standards.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# 読み込み確認\n\n仮の本文'),
  });
  await expect(author.getByTestId('draft-file-read')).toContainText('standards.md');
  await expect(text).toHaveValue(/読み込み確認/);
  await expect(author.getByTestId('preview-html')).toContainText('読み込み確認');
  const revised = `${inForce}\n\n### 4.6 多要素認証\n\n外部から情報システムに接続するときは、多要素認証を用いる。\n`;
  await text.fill(revised);
  await expect(author.getByTestId('preview-html')).toContainText('4.6 多要素認証');
  await expect(author.getByTestId('preview-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await author.getByLabel('改定の概要').fill('多要素認証の条項を追加');
  await author.getByLabel('改定の理由').fill('国のガイドライン改定への対応');
  await author.getByLabel('改定のきっかけ').fill('総務省ガイドライン改定\n令和8年度 内部監査の指摘');
  await author.getByLabel('施行予定日').fill(today());
  await author.getByRole('button', { name: '改定案を作成する' }).click();
  await expect(flash(author)).toContainText('改定案を作成しました');
  await expect(heading(author)).toHaveText('「情報セキュリティ対策基準」の改定案');
  await expect(author.getByTestId('revision-status').first()).toHaveText('作成中');
  await expect(author.getByTestId('revision-effective-from')).toHaveText(today());
  // Compared with the version in force: the new clause, inserted.
  await expect(author.getByTestId('diff-table').locator('tr[data-kind="insert"]').filter({ hasText: '4.6 多要素認証' })).toHaveCount(1);
  await author.getByTestId('diff-inline').click();
  await expect(author.getByTestId('diff-table')).toHaveAttribute('data-mode', 'inline');
  await author.getByTestId('diff-side-by-side').click();
  await expect(author.getByTestId('diff-table')).toHaveAttribute('data-mode', 'side-by-side');
  await author.getByTestId('revision-submit').click();
  await expect(flash(author)).toContainText('審議に付しました');
  await expect(author.getByTestId('revision-status').first()).toHaveText('審議中');
  await expect(author.getByTestId('review-rule')).toHaveText('過半数・委員長（CISO）の承認を要する');
  const revisionUrl = author.url();

  // Two of the three members approve, each naming the text's hash.
  const first = await signedIn(browser, server, 'iin');
  await openFromQueue(first);
  const firstHash = await vote(first, /^承認$/, '異議なし');
  await expect(flash(first)).toContainText('投票しました');
  const second = await signedIn(browser, server, 'iin2');
  await openFromQueue(second);
  expect(await vote(second, /^承認$/)).toBe(firstHash);
  await expect(second.getByTestId('votes').getByTestId('vote-row')).toHaveCount(2);
  await expect(second.getByTestId('review-tally')).toContainText('承認 2（必要数 3／議決権者 4）');

  // The third has the page open on that text while the author edits it.
  const third = await signedIn(browser, server, 'iin3');
  await openFromQueue(third);
  await expect(third.getByTestId('revision-hash')).toHaveText(firstHash);

  await author.goto(revisionUrl);
  await author.getByTestId('revision-edit').click();
  await expect(author.getByTestId('edit-withdraws-votes')).toContainText('2 件の投票');
  await author.getByLabel('本文（Markdown）').fill(revised.replace('多要素認証を用いる。', '多要素認証を必ず用いる。'));
  await author.getByRole('button', { name: '保存する' }).click();
  await expect(flash(author)).toContainText('改定案を保存しました');
  const editedHash = (await author.getByTestId('revision-hash').textContent()) ?? '';
  expect(editedHash).not.toBe(firstHash);
  // The votes on the previous text are withdrawn, and say why: the hash the text changed to.
  const withdrawn = author.getByTestId('withdrawn-votes').getByTestId('vote-row');
  await expect(withdrawn).toHaveCount(2);
  await expect(withdrawn.first().getByTestId('vote-hash-named')).toHaveText(firstHash);
  await expect(withdrawn.first().getByTestId('vote-new-hash')).toHaveText(editedHash);
  await expect(author.getByTestId('votes-none')).toBeVisible();

  // A vote on the text as it was is refused: the page says so and shows the text as it is.
  await vote(third, /^承認$/);
  await expect(flash(third)).toContainText('投票は記録されませんでした');
  await expect(third.getByTestId('revision-hash')).toHaveText(editedHash);
  await expect(third.getByTestId('votes-none')).toBeVisible();

  // They approve again, with the CISO (in English): the rule is met and the revision approved.
  await first.reload();
  expect(await vote(first, /^承認$/)).toBe(editedHash);
  await expect(flash(first)).toContainText('投票しました');
  await second.reload();
  await vote(second, /^承認$/);
  await expect(second.getByTestId('review-decision')).toHaveCount(0);
  const chair = await signedIn(browser, server, 'ciso', true);
  await openFromQueue(chair);
  await expect(chair.getByTestId('review-rule')).toHaveText("Majority, with the chair's (CISO's) approval");
  await vote(chair, /^Approve$/);
  await expect(flash(chair)).toContainText('is approved');
  await expect(chair.getByTestId('review-decision')).toHaveAttribute('data-outcome', 'approved');
  await expect(chair.getByTestId('decision-hash')).toHaveText(editedHash);
  await expect(chair.getByTestId('votes').getByTestId('vote-row')).toHaveCount(3);

  // Its effective date is today: the system puts it in force as 第2版, the first superseded.
  await expect(async () => {
    await author.goto(documentUrl);
    await expect(author.getByTestId('document-version')).toHaveText('第2版', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(author.getByTestId('document-effective-date')).toHaveText(today());
  await expect(author.getByTestId('document-text')).toContainText('多要素認証を必ず用いる。');
  await expect(author.getByTestId('version-row')).toHaveCount(2);
  await expect(author.getByTestId('version-row').nth(1).getByTestId('revision-status')).toHaveText('廃止（改定済み）');
  // Any two versions compared.
  await author.getByTestId('compare-from').selectOption({ label: '第1版' });
  await author.getByTestId('compare-to').selectOption({ label: '第2版' });
  await author.getByRole('button', { name: '比較する' }).click();
  await expect(heading(author)).toHaveText('版の比較');
  await expect(author.getByTestId('diff-from')).toContainText('第1版');
  await expect(author.getByTestId('diff-to')).toContainText('第2版');
  await expect(author.getByTestId('diff-table').locator('tr[data-kind="insert"]').filter({ hasText: '多要素認証を必ず用いる。' })).toHaveCount(1);

  // A staff member is asked to acknowledge it, and does.
  const staff = await signedIn(browser, server, 'shokuin');
  await menu(staff).getByRole('link', { name: '文書' }).click();
  await staff.getByTestId('documents-due').getByRole('link', { name: '情報セキュリティ対策基準' }).click();
  const banner = staff.getByTestId('acknowledgement-banner');
  await expect(banner).toContainText('第2版');
  await banner.getByRole('button', { name: '確認しました' }).click();
  await expect(flash(staff)).toContainText('確認したことを記録しました');
  await expect(staff.getByTestId('acknowledgement-banner')).toHaveCount(0);
  await expect(staff.getByTestId('acknowledged')).toContainText('第2版');

  // Her department's status shows her acknowledgement (to the 統括, who sees every department)...
  await author.goto('/documents/acknowledgements');
  await author.getByTestId('acknowledgements-department').selectOption({ label: '企画課' });
  const planning = author.getByTestId('acknowledgement-document').filter({ hasText: '情報セキュリティ対策基準' });
  await expect(planning.getByTestId('acknowledged-person').filter({ hasText: '佐藤 花子' })).toHaveCount(1);
  await expect(planning.getByTestId('pending-person').filter({ hasText: '佐藤 花子' })).toHaveCount(0);

  // ...and a manager sees who in theirs has not (in English), with the CSV.
  const manager = await signedIn(browser, server, 'kanrisha', true);
  await menu(manager).getByRole('link', { name: 'Documents' }).click();
  await manager.getByRole('link', { name: 'Acknowledgements' }).click();
  await expect(heading(manager)).toHaveText('Acknowledgements');
  const systems = manager.getByTestId('acknowledgement-document').filter({ hasText: '情報セキュリティ対策基準' });
  await expect(systems.getByTestId('acknowledgement-count')).toContainText('0 of');
  await expect(systems.getByTestId('pending-person').filter({ hasText: '山本 翔' })).toHaveCount(1);
  const csv = await manager.request.get(await manager.getByTestId('acknowledgements-csv').getAttribute('href') ?? '');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('山本 翔');

  // Signed out: the basic policy is public, the standards are not.
  const visitor = await browser.newContext({ baseURL: server.url, locale: 'ja-JP' });
  const outside = await visitor.newPage();
  await outside.goto('/basic-policy');
  await expect(outside.locator('body')).toContainText('情報セキュリティ基本方針');
  expect((await visitor.request.get('/api/v1/public/basic-policy')).status()).toBe(200);
  await outside.goto(`/documents/${documentId}`);
  await expect(heading(outside)).toHaveText('ログイン');
  expect((await visitor.request.get(`/api/v1/documents/${documentId}`)).status()).toBe(401);

  for (const page of [author, first, second, third, chair, staff, manager]) await page.context().close();
  await visitor.close();
});

test('a new procedure and its first draft, the committee and its rules, training and its completion; the menu by permission', async ({ browser, server }) => {
  test.setTimeout(120_000);
  // Staff see documents and training, not the review queue; the public basic policy is linked.
  const staff = await signedIn(browser, server, 'shokuin');
  await expect(menu(staff).getByRole('link', { name: '文書' })).toBeVisible();
  await expect(menu(staff).getByRole('link', { name: '研修' })).toBeVisible();
  await expect(menu(staff).getByRole('link', { name: '審議' })).toHaveCount(0);
  await menu(staff).getByRole('link', { name: '文書' }).click();
  await expect(staff.getByTestId('public-basic-policy')).toHaveAttribute('href', '/basic-policy');
  await expect(staff.getByRole('link', { name: '新規作成' })).toHaveCount(0);

  // The committee in office and its rules; the chair changes one (in English).
  const chair = await signedIn(browser, server, 'ciso', true);
  await chair.goto('/committee');
  await expect(heading(chair)).toHaveText('Information security committee');
  await expect(chair.getByTestId('committee-member')).toHaveCount(4);
  const procedure = chair.locator('[data-testid="committee-rule"][data-kind="procedure"]');
  await procedure.getByLabel('Approvals needed for Procedure').selectOption('two_thirds');
  await procedure.getByRole('button', { name: 'Change' }).click();
  await expect(flash(chair)).toContainText('Decision rule for Procedure changed');
  await expect(procedure.getByTestId('committee-rule-text')).toHaveText("Two thirds, with the chair's (CISO's) approval");

  // The 統括 creates a procedure for one department; its text comes with its first draft, which
  // has no version in force to be compared with.
  const officer = await signedIn(browser, server, 'tokatsu');
  await menu(officer).getByRole('link', { name: '文書' }).click();
  await officer.getByRole('link', { name: '新規作成' }).click();
  await officer.getByLabel('種別').selectOption('procedure');
  await officer.getByLabel('表題', { exact: true }).fill('テレワーク実施手順');
  await officer.getByLabel('所管部署').selectOption({ label: '総務課 › 情報システム係' });
  await expect(officer.getByRole('radio', { name: /^内部/ })).toBeChecked();
  await officer.getByRole('radio', { name: '指定した部署・役割' }).check();
  await officer.getByRole('checkbox', { name: '企画課' }).check();
  await officer.getByLabel('実施する対策基準の条項').fill('第4章 4.1');
  await officer.getByRole('button', { name: '作成する' }).click();
  await expect(flash(officer)).toContainText('文書「テレワーク実施手順」を作成しました');
  await expect(heading(officer)).toHaveText('テレワーク実施手順');
  await expect(officer.getByTestId('document-version')).toHaveText('未施行');
  await expect(officer.getByTestId('document-audience')).toHaveText('企画課');
  await officer.getByTestId('draft-revision').click();
  await officer.getByLabel('本文（Markdown）').fill('# テレワーク実施手順\n\n## 1. 目的\n\nテレワークの手順を定める。\n');
  await expect(officer.getByTestId('preview-html')).toContainText('1. 目的');
  await officer.getByLabel('改定の概要').fill('制定');
  await officer.getByLabel('改定の理由').fill('テレワークの導入');
  await officer.getByRole('button', { name: '改定案を作成する' }).click();
  await expect(flash(officer)).toContainText('改定案を作成しました');
  await expect(officer.getByTestId('diff-none')).toBeVisible();
  await expect(officer.getByTestId('revision-text')).toContainText('テレワークの手順を定める。');

  // The 統括 schedules a training on the standards in force and records who attended.
  await menu(officer).getByRole('link', { name: '研修' }).click();
  await officer.getByRole('link', { name: '研修を登録' }).click();
  await officer.getByLabel('研修名').fill('情報セキュリティ研修（対策基準）');
  await officer.getByLabel('実施日').fill(today());
  await officer.getByTestId('training-covers').getByRole('checkbox', { name: /情報セキュリティ対策基準/ }).check();
  await officer.getByRole('button', { name: '登録する' }).click();
  await expect(flash(officer)).toContainText('研修「情報セキュリティ研修（対策基準）」を登録しました');
  await expect(officer.getByTestId('training-covers')).toContainText(/情報セキュリティ対策基準（第\d+版）/);
  await officer.getByLabel('氏名・部署・職員番号で絞り込む').fill('佐藤');
  await officer.getByRole('checkbox', { name: /佐藤 花子/ }).check();
  await officer.getByRole('button', { name: '受講を記録する' }).click();
  await expect(flash(officer)).toContainText('受講を記録しました');
  await expect(officer.getByTestId('attendee').filter({ hasText: '佐藤 花子' })).toHaveCount(1);
  await expect(officer.getByTestId('training-attendance')).toHaveText('1');

  // She sees she attended; the completion counts her department.
  await staff.goto('/trainings');
  await expect(staff.getByTestId('training-row').filter({ hasText: '情報セキュリティ研修（対策基準）' }).getByTestId('attended-by-me')).toBeVisible();
  await officer.goto('/trainings/completion');
  await expect(officer.getByTestId('completion-row').filter({ hasText: '企画課' })).toContainText('33%');

  for (const page of [staff, chair, officer]) await page.context().close();
});
