import { Page } from '@playwright/test';
import { test, expect, DEMO_PASSWORD } from '../fixtures';

// Feedback and accessibility, the same on every screen because the kit does it (issue #10, item 6):
// the skip link, 必須 and Mamori's own checks in the UI language (never the browser's), the server's
// field errors beside their field, a title per screen, the focus on the new screen's heading, the
// message after an action (also after moving to its result) and after signing out. In Japanese and
// in English. `tokatsu` (高橋 健一) administers the demo organisation.
test.use({ seedDemo: true });

/** What the screens say, in each language. */
const JA = {
  code: 'ja',
  signIn: 'ログイン',
  signInTitle: 'ログイン | 守り Mamori',
  login: 'ログイン名',
  password: 'パスワード',
  skip: '本文へ移動',
  required: '必須',
  missing: '入力してください。',
  unchosen: '選択してください。',
  invalid: '入力内容に誤りがあります',
  dashboardTitle: 'ダッシュボード | 守り Mamori',
  organisation: '組織体制',
  peopleTitle: '職員等 | 守り Mamori',
  departments: '部署',
  newDepartment: '部署を追加',
  newDepartmentTitle: '部署を追加 | 守り Mamori',
  departmentName: '部署名',
  add: '追加する',
  department: '広報広聴課',
  added: '部署「広報広聴課」を追加しました。',
  newPerson: '職員等を登録',
  name: '氏名',
  personDepartment: '所属部署',
  employment: '任用区分',
  staff: '職員',
  initialPassword: '初期パスワード',
  register: '登録する',
  loginTaken: 'このログイン名は既に使われています',
  profile: 'プロフィール',
  profileTitle: 'プロフィール | 守り Mamori',
  newPassword: '新しいパスワード',
  repeatPassword: '新しいパスワード（確認）',
  change: '変更する',
  tooShort: '12文字以上で入力してください。',
  mismatch: '新しいパスワードが一致しません',
  signedOut: 'ログアウトしました。',
};

const EN: typeof JA = {
  code: 'en',
  signIn: 'Sign in',
  signInTitle: 'Sign in | Mamori',
  login: 'Login',
  password: 'Password',
  skip: 'Skip to main content',
  required: 'Required',
  missing: 'Enter a value.',
  unchosen: 'Choose one.',
  invalid: 'Some values are invalid',
  dashboardTitle: 'Dashboard | Mamori',
  organisation: 'Organisation',
  peopleTitle: 'Staff | Mamori',
  departments: 'Departments',
  newDepartment: 'Add a department',
  newDepartmentTitle: 'Add a department | Mamori',
  departmentName: 'Name',
  add: 'Add',
  department: 'Public Relations Office',
  added: 'Department “Public Relations Office” added.',
  newPerson: 'Register a person',
  name: 'Name',
  personDepartment: 'Department',
  employment: 'Employment',
  staff: 'Staff',
  initialPassword: 'Initial password',
  register: 'Register',
  loginTaken: 'already taken',
  profile: 'Profile',
  profileTitle: 'Profile | Mamori',
  newPassword: 'New password',
  repeatPassword: 'New password (again)',
  change: 'Change',
  tooShort: 'Enter at least 12 characters.',
  mismatch: 'The new passwords differ',
  signedOut: 'You have signed out.',
};

type Lang = typeof JA;

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const menu = (page: Page, name: string) =>
  page.getByRole('navigation', { name: /主なメニュー|Main menu/ }).getByRole('link', { name, exact: true });

/** The frame of the field whose control is labelled `label` (its label, 必須, its message). */
const fieldOf = (page: Page, label: string) =>
  page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) });

/** The field's control says what is wrong with it, and points at the message beside it. */
async function expectProblem(page: Page, label: string, message: string | RegExp) {
  const control = page.getByLabel(label, { exact: true });
  await expect(control).toHaveAttribute('aria-invalid', 'true');
  const error = fieldOf(page, label).locator('.field-error');
  await expect(error).toHaveText(message);
  const id = await error.getAttribute('id');
  await expect(control).toHaveAttribute('aria-describedby', new RegExp(`(^| )${id}( |$)`));
}

/** No control of the page is in the browser's own invalid state: nothing for it to bubble about. */
async function expectNoBrowserValidation(page: Page) {
  for (const form of await page.locator('form').all()) {
    expect(await form.evaluate((f: HTMLFormElement) => f.noValidate)).toBe(true);
  }
  expect(await page.locator(':invalid').count()).toBe(0);
}

async function feedbackWorkflow(page: Page, L: Lang) {
  // Requests that change something: Mamori's own checks send none.
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') sent.push(new URL(request.url()).pathname);
  });

  // The sign-in page, in the language chosen (remembered by the browser), as a first visit.
  await page.goto('/sign-in');
  if (L.code === 'en') {
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  await page.reload();
  await expect(heading(page)).toHaveText(L.signIn);
  await expect(page).toHaveTitle(L.signInTitle);

  // The skip link is the keyboard's first stop, seen when focused, and takes it to the screen.
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toHaveText(L.skip);
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // The focus ring: at least 3px, in a colour unlike the surface's.
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return { width: style.outlineWidth, style: style.outlineStyle, color: style.outlineColor };
  });
  expect(ring.style).toBe('solid');
  expect(parseFloat(ring.width)).toBeGreaterThanOrEqual(3);

  // 必須 beside the labels of the required fields, and said by their controls.
  for (const label of [L.login, L.password]) {
    await expect(fieldOf(page, label).locator('.required')).toHaveText(L.required);
    await expect(page.getByLabel(label, { exact: true })).toHaveAttribute('aria-required', 'true');
  }

  // Sent empty: Mamori's message beside each field, in the UI language, the focus on the first;
  // nothing sent, and nothing for the browser to say.
  await page.getByRole('button', { name: L.signIn, exact: true }).click();
  await expectProblem(page, L.login, L.missing);
  await expectProblem(page, L.password, L.missing);
  await expect(page.getByTestId('form-problem')).toContainText(L.invalid);
  await expect(page.getByLabel(L.login, { exact: true })).toBeFocused();
  await expectNoBrowserValidation(page);
  expect(sent).toEqual([]);
  await page.screenshot({ path: test.info().outputPath(`sign-in-empty-${L.code}.png`), fullPage: true });
  // Corrected, the message goes as it is typed.
  await page.getByLabel(L.login, { exact: true }).fill('tokatsu');
  await expect(fieldOf(page, L.login).locator('.field-error')).toHaveCount(0);
  await expect(page.getByLabel(L.login, { exact: true })).not.toHaveAttribute('aria-invalid', 'true');

  // Signed in: the dashboard, its title, the focus on its heading.
  await page.getByLabel(L.password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: L.signIn, exact: true }).click();
  await expect(page.getByTestId('user-name')).toHaveText('高橋 健一');
  await expect(page).toHaveTitle(L.dashboardTitle);
  await expect(heading(page)).toBeFocused();

  // Every move: the new screen's title, its heading focused, its name announced.
  await menu(page, L.organisation).click();
  await expect(page).toHaveTitle(L.peopleTitle);
  await expect(heading(page)).toBeFocused();
  await expect(page.locator('#arrival')).toHaveText(L.peopleTitle);
  await page.getByRole('link', { name: L.departments, exact: true }).click();
  await page.getByRole('link', { name: L.newDepartment }).click();
  await expect(page).toHaveTitle(L.newDepartmentTitle);
  await expect(heading(page)).toBeFocused();
  await expect(fieldOf(page, L.departmentName).locator('.required')).toHaveText(L.required);

  // An action that goes to its result: the message is said there.
  await page.getByRole('button', { name: L.add, exact: true }).click();
  await expectProblem(page, L.departmentName, L.missing);
  await page.getByLabel(L.departmentName, { exact: true }).fill(L.department);
  await page.getByRole('button', { name: L.add, exact: true }).click();
  await expect(heading(page)).toHaveText(L.department);
  // Said in the status region, which screen readers announce.
  await expect(page.getByRole('status').filter({ has: page.getByTestId('flash') })).toContainText(L.added);
  await expect(page.getByTestId('flash').locator('p')).toHaveText(L.added);
  await expect(heading(page)).toBeFocused();
  await page.screenshot({ path: test.info().outputPath(`department-added-${L.code}.png`), fullPage: true });
  // It stays on that screen, and goes with the next move.
  await menu(page, L.profile).click();
  await expect(page).toHaveTitle(L.profileTitle);
  await expect(page.getByTestId('flash')).toHaveCount(0);

  // Mamori's checks of length and of two fields together, in the UI language.
  await page.getByLabel(L.newPassword, { exact: true }).fill('short');
  await page.getByLabel(L.repeatPassword, { exact: true }).fill('something-else-2026');
  await page.getByRole('button', { name: L.change, exact: true }).click();
  await expectProblem(page, L.newPassword, L.tooShort);
  await expectProblem(page, L.repeatPassword, L.mismatch);
  await expectNoBrowserValidation(page);
  expect(sent).not.toContain('/api/v1/me/password');

  // The server's field errors (422) show beside the field they name, in the UI language.
  await page.goto('/organisation/people/new');
  await expect(fieldOf(page, L.personDepartment).locator('.required')).toHaveText(L.required);
  await page.getByRole('button', { name: L.register, exact: true }).click();
  await expectProblem(page, L.name, L.missing);
  await expectProblem(page, L.personDepartment, L.unchosen);
  await expectProblem(page, L.employment, L.unchosen);
  await page.getByLabel(L.name, { exact: true }).fill('試験 花子');
  await page.getByLabel(L.login, { exact: true }).fill('shokuin');
  await page.getByLabel(L.personDepartment, { exact: true }).selectOption({ label: '総務課' });
  await page.getByLabel(L.employment, { exact: true }).selectOption({ label: L.staff });
  await page.getByLabel(L.initialPassword, { exact: true }).fill('Shiken-Hanako-2026');
  await page.getByRole('button', { name: L.register, exact: true }).click();
  await expectProblem(page, L.login, new RegExp(L.loginTaken));
  await expect(page.getByTestId('form-problem')).toContainText(L.invalid);

  // Signing out: the sign-in page says so, its heading focused.
  await page.getByTestId('sign-out').click();
  await expect(heading(page)).toHaveText(L.signIn);
  await expect(page.getByTestId('flash').locator('p')).toHaveText(L.signedOut);
  await expect(page).toHaveTitle(L.signInTitle);
  await expect(heading(page)).toBeFocused();
  await page.screenshot({ path: test.info().outputPath(`signed-out-${L.code}.png`), fullPage: true });
  // The message can be closed.
  await page.getByTestId('flash').getByRole('button').click();
  await expect(page.getByTestId('flash')).toHaveCount(0);
}

test('feedback and accessibility in Japanese', async ({ page }) => {
  await feedbackWorkflow(page, JA);
});

test('feedback and accessibility in English', async ({ page }) => {
  await feedbackWorkflow(page, EN);
});
