import { test as base, expect, Page } from '@playwright/test';
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running `mamori serve` with a fresh SQLite database, on a port it picked itself. */
export type Server = { url: string; process: ChildProcess };

/** The password of every person `mamori seed-demo` writes (backend/src/demo.rs). */
export const DEMO_PASSWORD = 'mamori-demo-2026';

async function startServer(seedDemo: boolean): Promise<{ server: Server; stop: () => Promise<void> }> {
  const bin = process.env.MAMORI_BIN;
  if (!bin) throw new Error('MAMORI_BIN must name the mamori binary (./dev test sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'mamori-e2e-'));
  const databaseUrl = `sqlite://${join(dir, 'mamori.db')}`;
  if (seedDemo) {
    // The demo organisation (its departments, people and roles), written before the server starts.
    execFileSync(bin, ['seed-demo', '--database-url', databaseUrl], {
      env: { ...process.env, MAMORI_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--database-url', databaseUrl], {
    env: {
      ...process.env,
      MAMORI_LOG_FORMAT: 'text',
      MAMORI_LOG: 'info,sqlx=warn',
      // The transparency log's signing key, made on first start: with this run's database.
      MAMORI_LOG_KEY: join(dir, 'mamori-log.key'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mamori did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mamori exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { server: { url, process: child }, stop };
}

export const test = base.extend<{}, { server: Server; seedDemo: boolean }>({
  /** Whether the worker's database starts with the demo organisation (`test.use({ seedDemo: true })`). */
  seedDemo: [false, { scope: 'worker', option: true }],
  server: [
    async ({ seedDemo }, use) => {
      const { server, stop } = await startServer(seedDemo);
      await use(server);
      await stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});

/** Signs `login` in through the sign-in page and waits for the dashboard. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel(/^(ログイン名|Login)$/).fill(login);
  await page.getByLabel(/^(パスワード|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(ログイン|Sign in)$/ }).click();
  await expect(page.getByTestId('user-name')).toBeVisible();
}

export { expect };
