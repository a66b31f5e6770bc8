import { test as base, expect, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, startServer, Server } from '../fixtures';

// Single sign-on against a real OpenID Connect provider on loopback (panva's oidc-provider, with
// its development login and consent screens: e2e/oidc/provider.mjs). Its account `yamada` has the
// claim preferred_username = `shokuin`, the demo's 佐藤 花子; `stranger` names no login of Mamori.
type Sso = { server: Server; issuer: string };

const CLIENT_ID = 'mamori';
const CLIENT_SECRET = 'mamori-e2e-client-secret';

const test = base.extend<{}, { sso: Sso }>({
  sso: [
    async ({}, use) => {
      // Mamori's address is part of the client's registration: chosen before either starts.
      const port = await freePort();
      const redirect = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
      const provider = spawn(process.execPath, [join(__dirname, '..', 'oidc', 'provider.mjs'), '0'], {
        env: { ...process.env, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_REDIRECT_URI: redirect },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const issuer = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the provider did not start:\n${output}`)), 15_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const found = output.match(/http:\/\/127\.0\.0\.1:\d+/);
          if (found) {
            clearTimeout(timer);
            resolve(found[0]);
          }
        };
        provider.stdout!.on('data', onData);
        provider.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        provider.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the provider exited with ${code}:\n${output}`)); });
      });
      const { server, stop } = await startServer(true, false, {
        listen: `127.0.0.1:${port}`,
        env: {
          MAMORI_OIDC_ISSUER: issuer,
          MAMORI_OIDC_CLIENT_ID: CLIENT_ID,
          MAMORI_OIDC_CLIENT_SECRET: CLIENT_SECRET,
          MAMORI_OIDC_REDIRECT_URL: redirect,
        },
      });
      await use({ server, issuer });
      await stop();
      provider.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ sso }, use) => use(sso.server.url),
});

/** At the provider's development screens: sign in as `account`, then consent. */
async function atProvider(page: Page, issuer: string, account: string) {
  await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password will do');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** What the server logs from now on. */
function serverLog(server: Server) {
  let text = '';
  const onData = (chunk: Buffer) => { text += chunk.toString(); };
  server.process.stdout!.on('data', onData);
  server.process.stderr!.on('data', onData);
  return { text: () => text };
}

async function me(page: Page) {
  return page.request.get('/api/v1/me');
}

test('single sign-on at a real provider signs the person its claim names in; sign-out ends the session', async ({ page, sso }) => {
  expect(await (await page.request.get('/api/v1/auth/oidc')).json()).toEqual({ configured: true });
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'シングルサインオンでログイン' }).click();
  await atProvider(page, sso.issuer, 'yamada');
  await expect(page).toHaveURL(`${sso.server.url}/`);
  await expect(page.getByTestId('user-name')).toHaveText('佐藤 花子');
  const answer = await me(page);
  expect(answer.status()).toBe(200);
  expect((await answer.json()).login).toBe('shokuin');
  // An ordinary session: HttpOnly, SameSite=Strict, as password sign-in gives.
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'mamori_session')!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe('Strict');
  // The flow's cookie is spent.
  expect(cookies.find((c) => c.name === 'mamori_oidc_flow')).toBeUndefined();

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await me(page)).status()).toBe(401);
});

test('a wrong state is refused, and so is the flow\'s own state afterwards (one use)', async ({ page, sso }) => {
  const log = serverLog(sso.server);
  const start = await page.request.get('/api/v1/auth/oidc/start', { maxRedirects: 0 });
  expect(start.status()).toBe(302);
  const location = new URL(start.headers()['location']);
  expect(location.searchParams.get('code_challenge_method')).toBe('S256');
  expect(location.searchParams.get('code_challenge')).toBeTruthy();
  expect(location.searchParams.get('nonce')).toBeTruthy();
  const state = location.searchParams.get('state')!;
  expect(start.headers()['set-cookie']).toMatch(/mamori_oidc_flow=[0-9a-f]{32}; Path=\/api\/v1\/auth\/oidc; HttpOnly; SameSite=Lax/);

  const wrong = await page.request.get('/api/v1/auth/oidc/callback?code=x&state=wrong', { maxRedirects: 0 });
  expect(wrong.status()).toBe(303);
  expect(wrong.headers()['location']).toBe('/sign-in?sso=failed');
  expect((await me(page)).status()).toBe(401);
  await expect.poll(() => log.text()).toContain('the state does not match');
  // The flow was used up by the wrong answer: its right state no longer opens anything.
  const again = await page.request.get(`/api/v1/auth/oidc/callback?code=x&state=${state}`, {
    maxRedirects: 0,
    headers: { accept: 'application/json' },
  });
  expect(again.status()).toBe(401);
  expect((await again.json()).type).toBe('/problems/sign-in-refused');
  expect((await me(page)).status()).toBe(401);

  // Without the browser's flow cookie, a right state is refused too.
  const other = await page.request.get('/api/v1/auth/oidc/start', { maxRedirects: 0 });
  const otherState = new URL(other.headers()['location']).searchParams.get('state')!;
  await page.context().clearCookies();
  const stolen = await page.request.get(`/api/v1/auth/oidc/callback?code=x&state=${otherState}`, { maxRedirects: 0 });
  expect(stolen.headers()['location']).toBe('/sign-in?sso=failed');
  expect((await me(page)).status()).toBe(401);
});

test('an ID token with another nonce is refused: no session, and the page says so', async ({ page, sso }) => {
  // The browser's authorization request reaches the provider with another nonce than Mamori
  // keeps: the provider signs an ID token carrying that one. (Playwright does not route the hops
  // of a redirect, so the redirect to the authorization endpoint is where the nonce is rewritten.)
  const log = serverLog(sso.server);
  let rewritten = 0;
  await page.route('**/api/v1/auth/oidc/start', async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    const location = new URL(response.headers()['location']);
    expect(location.origin + location.pathname).toBe(`${sso.issuer}/auth`);
    expect(location.searchParams.get('nonce')).toBeTruthy();
    location.searchParams.set('nonce', 'a-nonce-mamori-never-sent');
    rewritten += 1;
    await route.fulfill({ response, headers: { ...response.headers(), location: location.toString() } });
  });
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'シングルサインオンでログイン' }).click();
  await atProvider(page, sso.issuer, 'yamada');
  await expect(page).toHaveURL(/\/sign-in\?sso=failed$/);
  expect(rewritten).toBe(1);
  // Refused for its nonce (the flow itself was there: its state matched).
  await expect.poll(() => log.text()).toContain('Invalid nonce: nonce mismatch');
  await expect(page.getByRole('alert')).toContainText('シングルサインオンでログインできませんでした');
  expect((await me(page)).status()).toBe(401);
  expect((await page.context().cookies()).find((c) => c.name === 'mamori_session')).toBeUndefined();
});

test('a person the claim names no login of is refused', async ({ page, sso }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'シングルサインオンでログイン' }).click();
  const log = serverLog(sso.server);
  await atProvider(page, sso.issuer, 'stranger');
  await expect(page).toHaveURL(/\/sign-in\?sso=failed$/);
  await expect.poll(() => log.text()).toContain('no active person has this login');
  expect((await me(page)).status()).toBe(401);
});
