import { Browser, Page, TestInfo } from '@playwright/test';
import { test, expect, signIn, Server } from '../fixtures';

// The asset register (情報資産台帳) and access grants, end to end, on the demo organisation:
// `kanrisha` (渡辺 大輔) is the 情報セキュリティ管理者 of 情報システム係 (a unit of 総務課);
// `shokuin` (佐藤 花子) is staff of 企画課, another department, with no role.
test.use({ seedDemo: true });

/** What the screens say, in each language. */
const JA = {
  code: 'ja',
  register: '情報資産台帳',
  registerAsset: '情報資産を登録',
  name: '名称',
  kind: '種別',
  information: '情報（データ）',
  owner: '所管部署',
  tier: 'ネットワーク区分',
  internet: 'インターネット接続系',
  lgwan: 'LGWAN接続系',
  location: '設置場所・保管場所',
  submitRegister: '登録する',
  unclassified: '未分類',
  classify: '分類する',
  reason: '理由',
  placementRule: '配置規則',
  moveTier: 'ネットワーク区分を移す',
  move: '移す',
  top: '自治体機密性3A',
  topDefinition: '秘密文書に相当する機密性を要する情報資産',
  neverTakenOut: '外部への持ち出しは禁止',
  search: '名称・設置場所・説明で検索',
  hiddenAsset: '（まだ表示されない情報資産）',
  none: '該当する情報資産はありません。',
  notFound: '情報資産が見つかりません',
  myRequests: '自分の申請',
  askForAccess: 'アクセスを申請する',
  assetId: '情報資産のID',
  view: '閲覧',
  send: '申請する',
  pending: '申請中',
  active: '有効',
  inbox: '承認待ち',
  inboxNone: '承認待ちの申請はありません。',
  approve: '承認する',
  approved: 'アクセスを承認しました',
  history: ['登録', 'ネットワーク区分の移動', '分類', 'アクセス申請', '申請の承認'],
  requestReason: '防災訓練で名簿を確認するため',
  approveReason: '業務上必要と認める',
};

const EN: typeof JA = {
  code: 'en',
  register: 'Asset register',
  registerAsset: 'Register an asset',
  name: 'Name',
  kind: 'Kind',
  information: 'Information (data)',
  owner: 'Owner department',
  tier: 'Network segment',
  internet: 'Internet-connected segment',
  lgwan: 'LGWAN-connected segment',
  location: 'Location',
  submitRegister: 'Register',
  unclassified: 'Unclassified',
  classify: 'Classify',
  reason: 'Reason',
  placementRule: 'placement rule',
  moveTier: 'Move to another network segment',
  move: 'Move',
  top: 'Municipal confidentiality 3A',
  topDefinition: 'equivalent to secret documents',
  neverTakenOut: 'Never taken outside the premises',
  search: 'Search name, location, description',
  hiddenAsset: '\\(an asset not shown to you yet\\)',
  none: 'No assets match.',
  notFound: 'Asset not found',
  myRequests: 'My requests',
  askForAccess: 'Ask for access',
  assetId: 'Asset ID',
  view: 'View',
  send: 'Send the request',
  pending: 'Pending',
  active: 'Active',
  inbox: 'Approvals',
  inboxNone: 'No requests are waiting for you.',
  approve: 'Approve',
  approved: 'You approved',
  history: ['Registered', 'Moved to another segment', 'Classified', 'Access requested', 'Request approved'],
  requestReason: 'To check the roster for the disaster drill',
  approveReason: 'Needed for the work',
};

type Lang = typeof JA;

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const menu = (page: Page, name: string) =>
  page.getByRole('navigation', { name: /主なメニュー|Main menu/ }).getByRole('link', { name, exact: true });

/** A separate browser (own cookies and language) signed in as `login`, in `lang`. */
async function signedIn(browser: Browser, server: Server, login: string, lang: Lang): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP' });
  const page = await context.newPage();
  await signIn(page, login);
  if (lang.code === 'en') {
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  return page;
}

/** The register's total, as its pager says it ("12件中 1〜12件", "1–12 of 12", "0件", "None"). */
async function registerTotal(page: Page): Promise<number> {
  const range = page.getByTestId('pager-range');
  await expect(range).toHaveText(/件|of|None/);
  const text = (await range.textContent()) ?? '';
  const found = text.match(/(\d+)件中|of (\d+)/);
  return found ? Number(found[1] ?? found[2]) : 0;
}

/** The API as the page's signed-in person, with their session cookie and CSRF token. */
async function csrfToken(page: Page): Promise<string> {
  const me = await (await page.request.get('/api/v1/me')).json();
  return me.csrf_token;
}

async function topSecretWorkflow(browser: Browser, server: Server, L: Lang, testInfo: TestInfo) {
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}-${L.code}.png`), fullPage: true });
  const assetName = L.code === 'ja' ? '防災行政無線 要配慮者名簿' : 'Disaster radio: roster of people needing care';

  const manager = await signedIn(browser, server, 'kanrisha', L);
  const staff = await signedIn(browser, server, 'shokuin', L);

  // What the staff member sees before.
  await menu(staff, L.register).click();
  await expect(heading(staff)).toHaveText(L.register);
  await expect(staff.getByTestId('assets-table')).toBeVisible();
  const staffTotalBefore = await registerTotal(staff);
  await expect(staff.getByRole('link', { name: L.registerAsset })).toHaveCount(0);

  // The manager registers the asset, on the internet-connected segment at first.
  await menu(manager, L.register).click();
  await expect(manager.getByTestId('assets-table')).toBeVisible();
  await shot(manager, 'register-manager');
  await manager.getByRole('link', { name: L.registerAsset }).click();
  await expect(heading(manager)).toHaveText(L.registerAsset);
  await manager.getByLabel(L.name, { exact: true }).fill(assetName);
  await manager.getByLabel(L.kind).selectOption({ label: L.information });
  await expect(manager.getByLabel(L.owner)).toHaveValue(/.+/);
  await expect(manager.getByLabel(L.owner).locator('option:checked')).toHaveText('総務課 › 情報システム係');
  await manager.getByLabel(L.tier).selectOption({ label: L.internet });
  await manager.getByLabel(L.location).fill('防災無線室');
  await shot(manager, 'asset-new');
  await manager.getByRole('button', { name: L.submitRegister, exact: true }).click();
  await expect(heading(manager)).toHaveText(assetName);
  await expect(manager.getByTestId('asset-level')).toHaveText(L.unclassified);
  await expect(manager.getByTestId('unclassified')).toBeVisible();
  const assetId = (await manager.getByTestId('asset-id').textContent())!.trim();
  expect(assetId).toMatch(/^[0-9a-f-]{36}$/);
  expect(manager.url()).toContain(`/register/${assetId}`);

  // Classifying it at 3A: the dialog shows each level's definition while choosing, and the handling
  // rules of the chosen one; on the internet-connected segment the placement rule refuses it.
  const chooseTopSecret = async () => {
    await manager.getByTestId('classify-open').click();
    const dialog = manager.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('classify-confidentiality')).toContainText(L.topDefinition);
    await dialog.getByRole('radio', { name: L.top }).check();
    await expect(dialog.getByTestId('classify-handling')).toContainText(L.neverTakenOut);
    await dialog.getByTestId('classify-integrity').getByRole('radio').first().check();
    await dialog.getByTestId('classify-availability').getByRole('radio').first().check();
    await dialog.getByLabel(L.reason).fill(L.code === 'ja' ? '要配慮者の個人情報を含むため' : 'It holds personal data of people needing care');
    return dialog;
  };
  let dialog = await chooseTopSecret();
  await shot(manager, 'classify-dialog');
  await dialog.getByRole('button', { name: L.classify, exact: true }).click();
  await expect(dialog.getByTestId('form-problem')).toBeVisible();
  await expect(dialog).toContainText(L.placementRule);
  await shot(manager, 'classify-placement-rule');
  await dialog.getByRole('button', { name: /キャンセル|Cancel/ }).click();
  await expect(dialog).toBeHidden();

  // So it moves to the LGWAN-connected segment first, then is classified.
  await manager.getByText(L.moveTier).click();
  const move = manager.getByTestId('tier-move');
  await move.getByLabel(L.tier).selectOption({ label: L.lgwan });
  await move.getByLabel(L.reason).fill(L.code === 'ja' ? '個人情報を扱うためインターネットから分離' : 'Separated from the internet for personal data');
  await move.getByRole('button', { name: L.move, exact: true }).click();
  await expect(manager.getByTestId('asset-tier')).toHaveText(L.lgwan);
  dialog = await chooseTopSecret();
  await dialog.getByRole('button', { name: L.classify, exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(manager.getByTestId('asset-level')).toHaveText('3A');
  const confidentiality = manager.getByTestId('level-confidentiality');
  await expect(confidentiality).toContainText(L.top);
  await expect(confidentiality).toContainText(L.topDefinition);
  await expect(confidentiality).toContainText(L.neverTakenOut);
  await shot(manager, 'asset-detail-3a');

  // The staff member of another department cannot find it: not listed, not counted, not found.
  await staff.reload();
  await expect(staff.getByTestId('assets-table')).toBeVisible();
  expect(await registerTotal(staff)).toBe(staffTotalBefore);
  await staff.getByLabel(L.search).fill(assetName.slice(0, 6));
  await expect(staff.getByTestId('assets-empty')).toHaveText(L.none);
  const csv = await staff.request.get(`/api/v1/assets/export.csv`);
  expect(await csv.text()).not.toContain(assetName);
  await staff.goto(`/register/${assetId}`);
  await expect(heading(staff)).toHaveText(L.notFound);
  await expect(staff.getByTestId('asset-not-found')).toBeVisible();
  await expect(staff.getByText(assetName)).toHaveCount(0);
  await shot(staff, 'asset-not-found');

  // She asks for access with the id she was given, on the standalone request form.
  await menu(staff, L.myRequests).click();
  await staff.getByRole('link', { name: L.askForAccess }).click();
  await expect(heading(staff)).toHaveText(L.askForAccess);
  const byId = staff.getByTestId('access-request');
  await byId.getByLabel(L.assetId).fill(assetId);
  await byId.getByRole('radio', { name: new RegExp(`^${L.view}`) }).check();
  await byId.getByLabel(L.reason).fill(L.requestReason);
  await shot(staff, 'access-request');
  await byId.getByRole('button', { name: L.send, exact: true }).click();
  await expect(heading(staff)).toHaveText(L.myRequests);
  // The asset is still hidden from her: her request says so, without its name (or a dead link).
  const mine = staff
    .getByTestId('my-grants')
    .getByRole('row', { name: new RegExp(L.hiddenAsset) })
    .filter({ hasText: L.requestReason });
  await expect(mine.getByTestId('grant-status')).toHaveText(L.pending);
  await expect(mine.getByRole('link')).toHaveCount(0);
  await expect(staff.getByTestId('my-grants')).not.toContainText(assetName);
  await shot(staff, 'my-requests-pending');

  // She cannot approve her own request: she has no inbox in her menu, it offers her nothing, and
  // the API refuses it.
  await expect(menu(staff, L.inbox)).toHaveCount(0);
  await staff.goto('/grants/inbox');
  await expect(staff.getByTestId('inbox-empty')).toHaveText(L.inboxNone);
  const grants = await (await staff.request.get('/api/v1/grants/mine')).json();
  const grant = grants.find((g: { asset_id: string }) => g.asset_id === assetId);
  expect(grant.status).toBe('pending');
  const selfApproval = await staff.request.post(`/api/v1/grants/${grant.id}/approve`, {
    headers: { 'X-CSRF-Token': await csrfToken(staff), 'If-Match': `"${grant.version}"` },
    data: { reason: '自分で承認' },
  });
  expect(selfApproval.status()).toBeGreaterThanOrEqual(400);
  expect(selfApproval.status()).toBeLessThan(500);
  const still = await (await staff.request.get('/api/v1/grants/mine')).json();
  expect(still.find((g: { id: string }) => g.id === grant.id).status).toBe('pending');

  // The manager approves it in the inbox.
  await menu(manager, L.inbox).click();
  await expect(heading(manager)).toHaveText(L.inbox);
  const request = manager.getByTestId('inbox-request').filter({ hasText: assetName });
  await expect(request.getByTestId('request-person')).toHaveText('佐藤 花子');
  await expect(request).toContainText(L.requestReason);
  await request.getByLabel(L.reason).fill(L.approveReason);
  await shot(manager, 'inbox');
  await request.getByRole('button', { name: L.approve, exact: true }).click();
  await expect(manager.getByTestId('flash')).toContainText(L.approved);
  await expect(request).toHaveCount(0);

  // Now she sees it in the register (and it is counted), and her request is active.
  // Now that she may see the asset, her request names it.
  await menu(staff, L.myRequests).click();
  const granted = staff.getByTestId('my-grants').getByRole('row', { name: new RegExp(assetName) });
  await expect(granted.getByTestId('grant-status')).toHaveText(L.active);
  await menu(staff, L.register).click();
  await expect(staff.getByTestId('assets-table')).toBeVisible();
  expect(await registerTotal(staff)).toBe(staffTotalBefore + 1);
  await staff.getByLabel(L.search).fill(assetName.slice(0, 6));
  const row = staff.getByTestId('asset-row').filter({ hasText: assetName });
  await expect(row.getByTestId('asset-confidentiality')).toHaveText('3A');
  await shot(staff, 'register-granted');

  // Its history shows every step, with who and when (and why).
  await row.getByRole('link', { name: assetName }).click();
  await expect(heading(staff)).toHaveText(assetName);
  await expect(staff.getByTestId('level-confidentiality')).toContainText(L.neverTakenOut);
  const steps = staff.getByTestId('history-step');
  await expect(steps.getByTestId('history-what')).toHaveText(L.history);
  await expect(steps.getByTestId('history-who')).toHaveText([
    '渡辺 大輔', '渡辺 大輔', '渡辺 大輔', '佐藤 花子', '渡辺 大輔',
  ]);
  for (const when of await steps.getByTestId('history-when').allTextContents()) {
    expect(when).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  }
  await expect(steps.nth(3)).toContainText(L.requestReason);
  await expect(steps.nth(4)).toContainText(L.approveReason);
  // She may see it, but not manage it.
  await expect(staff.getByTestId('classify-open')).toHaveCount(0);
  await shot(staff, 'asset-history');

  await manager.context().close();
  await staff.context().close();
}

test('a manager registers a 3A asset; staff elsewhere cannot find it, ask by its id, are approved, then see it and its history', async ({ browser, server }, testInfo) => {
  test.setTimeout(180_000);
  await topSecretWorkflow(browser, server, JA, testInfo);
});

test('the same workflow in English', async ({ browser, server }, testInfo) => {
  test.setTimeout(180_000);
  await topSecretWorkflow(browser, server, EN, testInfo);
});

test('a reclassification made by the manager appears in the staff member\'s open register without reload', async ({ browser, server }, testInfo) => {
  test.setTimeout(120_000);
  const manager = await signedIn(browser, server, 'kanrisha', JA);
  const staff = await signedIn(browser, server, 'shokuin', JA);
  const name = '庁内ポータル掲示板';

  // Set up through the API: an asset of 情報システム係 at level 2, which she sees with a grant.
  const managerToken = await csrfToken(manager);
  const me = await (await manager.request.get('/api/v1/me')).json();
  const unit = me.roles[0].scope.department_id;
  const asset = await (
    await manager.request.post(`/api/v1/departments/${unit}/assets`, {
      headers: { 'X-CSRF-Token': managerToken },
      data: { name, kind: 'information_system', tier: 'lgwan', location: '庁内サーバー室' },
    })
  ).json();
  const classify = (version: number, confidentiality: string, reason: string) =>
    manager.request.post(`/api/v1/assets/${asset.id}/classification`, {
      headers: { 'X-CSRF-Token': managerToken, 'If-Match': `"${version}"` },
      data: { classification: { confidentiality, integrity: '1', availability: '2' }, reason },
    });
  const classified = await (await classify(asset.version, '2', '庁内限りの掲示')).json();
  const requested = await (
    await staff.request.post(`/api/v1/assets/${asset.id}/grants`, {
      headers: { 'X-CSRF-Token': await csrfToken(staff) },
      data: { access: 'view', reason: '掲示内容の確認のため', until: '2099-12-31' },
    })
  ).json();
  const approved = await manager.request.post(`/api/v1/grants/${requested.id}/approve`, {
    headers: { 'X-CSRF-Token': managerToken, 'If-Match': `"${requested.version}"` },
    data: { reason: '' },
  });
  expect(approved.status()).toBe(200);

  // Her register is open, following changes live.
  await menu(staff, JA.register).click();
  await staff.getByLabel(JA.search).fill(name);
  const row = staff.getByTestId('asset-row').filter({ hasText: name });
  await expect(row.getByTestId('asset-confidentiality')).toHaveText('2');
  await expect(staff.getByTestId('live-status')).toHaveAttribute('data-connected', 'true');
  await staff.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  // He reclassifies it (through his screen), and her row changes by itself.
  await manager.goto(`/register/${asset.id}`);
  await manager.getByTestId('classify-open').click();
  const dialog = manager.getByRole('dialog');
  await dialog.getByRole('radio', { name: /自治体機密性3C/ }).check();
  await dialog.getByLabel('理由').fill('職員の個人情報の掲示が始まったため');
  await dialog.getByRole('button', { name: '分類する', exact: true }).click();
  await expect(manager.getByTestId('asset-level')).toHaveText('3C');
  await expect(row.getByTestId('asset-confidentiality')).toHaveText('3C');
  await staff.screenshot({ path: testInfo.outputPath('live-reclassified.png'), fullPage: true });

  // Retired, it leaves her open register, still without reload.
  const current = await (await manager.request.get(`/api/v1/assets/${asset.id}`)).json();
  expect(classified.version).toBeLessThan(current.version);
  const retired = await manager.request.post(`/api/v1/assets/${asset.id}/retire`, {
    headers: { 'X-CSRF-Token': managerToken, 'If-Match': `"${current.version}"` },
    data: { reason: '掲示板の運用終了' },
  });
  expect(retired.status()).toBe(200);
  await expect(row).toHaveCount(0);
  await expect(staff.getByTestId('assets-empty')).toBeVisible();
  expect(await staff.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  await manager.context().close();
  await staff.context().close();
});

test('an officer changes custodian and owner, revokes a grant and retires the asset; each step is in its history', async ({ browser, server }, testInfo) => {
  test.setTimeout(120_000);
  // 高橋 健一, 統括情報セキュリティ責任者: he manages every department's assets.
  const officer = await signedIn(browser, server, 'tokatsu', JA);
  const staff = await signedIn(browser, server, 'shokuin', JA);
  const name = '会議室予約システム';
  const token = await csrfToken(officer);
  const departments = await (await officer.request.get('/api/v1/departments?limit=500')).json();
  const unit = departments.items.find((d: { name: string }) => d.name === '情報システム係').id;
  const asset = await (
    await officer.request.post(`/api/v1/departments/${unit}/assets`, {
      headers: { 'X-CSRF-Token': token },
      data: { name, kind: 'information_system', tier: 'lgwan' },
    })
  ).json();
  await officer.request.post(`/api/v1/assets/${asset.id}/classification`, {
    headers: { 'X-CSRF-Token': token, 'If-Match': `"${asset.version}"` },
    data: { classification: { confidentiality: '2', integrity: '1', availability: '1' }, reason: '庁内限り' },
  });
  const requested = await (
    await staff.request.post(`/api/v1/assets/${asset.id}/grants`, {
      headers: { 'X-CSRF-Token': await csrfToken(staff) },
      data: { access: 'use', reason: '会議室の予約のため', until: '2099-03-31' },
    })
  ).json();
  expect(
    (
      await officer.request.post(`/api/v1/grants/${requested.id}/approve`, {
        headers: { 'X-CSRF-Token': token, 'If-Match': `"${requested.version}"` },
        data: { reason: '' },
      })
    ).status(),
  ).toBe(200);

  await officer.goto(`/register/${asset.id}`);
  await expect(heading(officer)).toHaveText(name);

  // A custodian, then another owner department.
  await officer.getByText('管理担当者を変更').click();
  const custodian = officer.getByTestId('custodian-change');
  await custodian.getByLabel('管理担当者').selectOption({ label: '山本 翔（情報システム係）' });
  await custodian.getByLabel('理由').fill('運用担当の決定');
  await custodian.getByRole('button', { name: '変更する' }).click();
  await expect(officer.getByTestId('asset-custodian')).toHaveText('山本 翔');
  await officer.getByText('所管部署を変更').click();
  const owner = officer.getByTestId('owner-change');
  await owner.getByLabel('所管部署').selectOption({ label: '総務課' });
  await owner.getByLabel('理由').fill('庁舎管理は総務課の所管のため');
  await owner.getByRole('button', { name: '変更する' }).click();
  await expect(officer.getByTestId('asset-owner')).toHaveText('総務課');

  // Her active grant, revoked.
  const grantRow = officer.getByTestId('asset-grants').getByRole('row', { name: /佐藤 花子/ });
  await expect(grantRow.getByTestId('grant-status')).toHaveText('有効');
  await grantRow.getByText('取り消す').first().click();
  await grantRow.getByLabel('理由').fill('予約業務の移管');
  await grantRow.getByRole('button', { name: '取り消す' }).click();
  await expect(grantRow.getByTestId('grant-status')).toHaveText('取消');
  await officer.screenshot({ path: testInfo.outputPath('asset-managed.png'), fullPage: true });

  // Retired: no more changes, and the register lists it only when asked to.
  await officer.getByText('この情報資産を廃止する').click();
  await officer.getByTestId('retire').getByLabel('理由').fill('新システムへ移行したため');
  await officer.getByTestId('retire').getByRole('button', { name: '廃止する' }).click();
  await expect(officer.getByTestId('asset-retired')).toHaveText('廃止');
  await expect(officer.getByTestId('classify-open')).toHaveCount(0);
  await expect(officer.getByText('ネットワーク区分を移す')).toHaveCount(0);
  await expect(officer.getByTestId('history-step').getByTestId('history-what')).toHaveText([
    '登録', '分類', 'アクセス申請', '申請の承認', '管理担当者の変更', '所管部署の変更', 'アクセス権の取消', '廃止',
  ]);
  await expect(officer.getByTestId('history-step').nth(4)).toContainText('山本 翔');
  await expect(officer.getByTestId('history-step').nth(5)).toContainText('総務課');
  await expect(officer.getByTestId('history-step').nth(7)).toContainText('新システムへ移行したため');
  await officer.screenshot({ path: testInfo.outputPath('asset-retired.png'), fullPage: true });
  await officer.goto(`/register?q=${encodeURIComponent(name)}`);
  await expect(officer.getByTestId('assets-empty')).toBeVisible();
  await officer.getByLabel('廃止した情報資産も表示する').check();
  await expect(officer.getByTestId('asset-row').filter({ hasText: name })).toContainText('廃止');

  await officer.context().close();
  await staff.context().close();
});

test('the dashboard counts the assets I may see by level, my pending approvals and my grants about to end', async ({ page }, testInfo) => {
  await signIn(page, 'kanrisha');
  await expect(page.locator('#tasks')).toBeVisible();
  const levels = page.getByTestId('assets-by-level');
  await expect(levels).toContainText('自治体機密性3A');
  await expect(page.getByTestId('assets-total')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('inbox-count')).toHaveText(/^\d+$/);
  await page.screenshot({ path: testInfo.outputPath('dashboard-manager.png'), fullPage: true });
  // A level's count leads to the register filtered by it.
  const count = Number(await page.getByTestId('level-count-3B').getByRole('link').textContent());
  await page.getByTestId('level-count-3B').getByRole('link').click();
  await expect(page).toHaveURL(/\/register\?confidentiality=3B$/);
  await expect(page.getByLabel('機密性')).toHaveValue('3B');
  await expect(page.getByTestId('asset-row')).toHaveCount(count);
  for (const cell of await page.getByTestId('asset-confidentiality').allTextContents()) {
    expect(cell).toBe('3B');
  }
  // The CSV link carries the same filter.
  const href = await page.getByTestId('csv-download').getAttribute('href');
  expect(href).toBe('/api/v1/assets/export.csv?confidentiality=3B');
  const csv = await page.request.get(href!);
  const text = await csv.text();
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.trim().split('\r\n')).toHaveLength(count + 1);
});

test('the register\'s search takes typing and a Japanese input method, and keeps the filters in the address', async ({ page }) => {
  await signIn(page, 'kanrisha');
  await menu(page, JA.register).click();
  const search = page.getByLabel(JA.search);
  // Fast typing: no keystroke is lost to the address catching up.
  await search.pressSequentially('バックアップ', { delay: 10 });
  await expect(page).toHaveURL(/\?q=%E3%83%90%E3%83%83%E3%82%AF%E3%82%A2%E3%83%83%E3%83%97$/);
  await expect(page.getByTestId('asset-row')).toHaveCount(1);
  await search.fill('');
  await expect(page.getByTestId('asset-row')).not.toHaveCount(1);
  // An input method composing 住民 (じゅうみん): the register follows its result, not each kana.
  const cdp = await page.context().newCDPSession(page);
  await search.focus();
  for (const kana of ['じ', 'じゅ', 'じゅう', 'じゅうみ', 'じゅうみん', '住民']) {
    await cdp.send('Input.imeSetComposition', { text: kana, selectionStart: kana.length, selectionEnd: kana.length });
  }
  await cdp.send('Input.insertText', { text: '住民' });
  await expect(search).toHaveValue('住民');
  await expect(page).toHaveURL(/\?q=%E4%BD%8F%E6%B0%91$/);
  await expect(page.getByTestId('asset-row')).toHaveCount(1);
  await expect(page.getByTestId('asset-row')).toContainText('住民情報システム');
  // Filters, sorting and the address agree; reloading keeps them; clearing empties the field.
  await page.getByLabel('ネットワーク区分').selectOption({ label: 'マイナンバー利用事務系' });
  await page.getByRole('button', { name: '機密性' }).click();
  await expect(page).toHaveURL(/q=.*&tier=my_number&sort=-confidentiality$/);
  await page.reload();
  await expect(search).toHaveValue('住民');
  await expect(page.getByLabel('ネットワーク区分')).toHaveValue('my_number');
  await expect(page.getByRole('columnheader', { name: '機密性' })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: '絞り込みを解除' }).click();
  await expect(search).toHaveValue('');
  await expect(page).toHaveURL(/\/register\?sort=-confidentiality$/);
  // Most sensitive first.
  await expect(page.getByTestId('asset-confidentiality').first()).toHaveText(/^3[ABC]$/);
  await expect(page.getByTestId('asset-confidentiality').last()).toHaveText('1');
});
