import { test as base, expect, Page } from '@playwright/test';
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running `mamori serve` with a fresh SQLite database, on a port it picked itself. */
export type Server = { url: string; process: ChildProcess; mailbox?: Mailbox };

/** The password of every person `mamori seed-demo` writes (backend/src/demo.rs). */
export const DEMO_PASSWORD = 'mamori-demo-2026';

/** A real SMTP server on loopback (Python's aiosmtpd, from Debian's python3-aiosmtpd), keeping what
 * it receives in a Maildir: what Mamori's mail notices reach. */
export type Mailbox = { url: string; mails: () => string[]; stop: () => void };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

async function startMailbox(dir: string): Promise<Mailbox> {
  const port = await freePort();
  const maildir = join(dir, 'mail');
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const mails = () =>
    ['new', 'cur']
      .map((sub) => join(maildir, sub))
      .filter((d) => existsSync(d))
      .flatMap((d) => readdirSync(d).map((f) => readable(readFileSync(join(d, f), 'utf8'))));
  return { url: `smtp://127.0.0.1:${port}`, mails, stop: () => { child.kill(); } };
}

/** A mail's headers and its body decoded (Mamori sends text in base64). */
function readable(mail: string): string {
  const split = mail.indexOf('\n\n');
  if (split < 0 || !/Content-Transfer-Encoding: base64/.test(mail.slice(0, split))) return mail;
  const body = Buffer.from(mail.slice(split + 2).replace(/\s+/g, ''), 'base64').toString('utf8');
  return `${mail.slice(0, split)}\n\n${body}`;
}

/** Starts `mamori serve`; `listen` and `env` for a test that must know its address before it
 * starts (single sign-on's redirect URL) or give it settings of its own. */
export async function startServer(
  seedDemo: boolean,
  mail: boolean,
  options: { listen?: string; env?: Record<string, string> } = {},
): Promise<{ server: Server; stop: () => Promise<void> }> {
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
  const mailbox = mail ? await startMailbox(dir) : undefined;
  const child = spawn(bin, ['serve', '--listen', options.listen ?? '127.0.0.1:0', '--database-url', databaseUrl], {
    env: {
      ...process.env,
      ...(mailbox ? { MAMORI_SMTP_URL: mailbox.url, MAMORI_MAIL_FROM: 'Mamori <mamori@example.lg.jp>' } : {}),
      MAMORI_LOG_FORMAT: 'text',
      MAMORI_LOG: 'info,sqlx=warn',
      // The transparency log's signing key, made on first start: with this run's database.
      MAMORI_LOG_KEY: join(dir, 'mamori-log.key'),
      ...options.env,
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
    mailbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { server: { url, process: child, mailbox }, stop };
}

export const test = base.extend<{}, { server: Server; seedDemo: boolean; mail: boolean }>({
  /** Whether the worker's database starts with the demo organisation (`test.use({ seedDemo: true })`). */
  seedDemo: [false, { scope: 'worker', option: true }],
  /** Whether the worker's server mails notices to a real SMTP server on loopback (`server.mailbox`). */
  mail: [false, { scope: 'worker', option: true }],
  server: [
    async ({ seedDemo, mail }, use) => {
      const { server, stop } = await startServer(seedDemo, mail);
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
