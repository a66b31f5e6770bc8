import { test as base, expect } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running `mamori serve` with a fresh SQLite database, on a port it picked itself. */
export type Server = { url: string; process: ChildProcess };

async function startServer(): Promise<{ server: Server; stop: () => Promise<void> }> {
  const bin = process.env.MAMORI_BIN;
  if (!bin) throw new Error('MAMORI_BIN must name the mamori binary (./dev test sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'mamori-e2e-'));
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--database-url', `sqlite://${join(dir, 'mamori.db')}`], {
    env: { ...process.env, MAMORI_LOG_FORMAT: 'text', MAMORI_LOG: 'info,sqlx=warn' },
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

export const test = base.extend<{}, { server: Server }>({
  server: [
    async ({}, use) => {
      const { server, stop } = await startServer();
      await use(server);
      await stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});

export { expect };
