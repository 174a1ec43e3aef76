import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createToken } from '../src/auth/tokens.repository.js';
import { testConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../examples/publish-weekly.mjs');

let dir: string;
let server: RunningServer;
let secret: string;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'linkletter-example-'));
  server = await startServer(testConfig({ port: 0, databasePath: path.join(dir, 'x.db') }), { logger: silentLogger });
  ({ secret } = await server.ctx.transact((trx) => createToken(trx, { name: 'bot', role: 'editor', now: new Date() })));
});
afterEach(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const call = (method: string, p: string, body?: unknown) =>
  fetch(`${base()}${p}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

function script(args: string[]) {
  return run(process.execPath, [SCRIPT, ...args], { cwd: dir, env: { ...process.env, LINKLETTER_URL: base(), LINKLETTER_TOKEN: secret } });
}

it('assembles, publishes and writes this week’s Markdown; a second run publishes nothing new', async () => {
  await call('POST', '/v1/links', { url: 'https://example.org/a', title: 'A', blurb: 'First.', section: 'Highlights' });
  await call('POST', '/v1/links', { url: 'https://example.org/b', title: 'B', blurb: 'Second.' });
  const { stdout } = await script(['--subject', 'Week one', '--date', '2026-11-27', '--out', 'week.md']);
  expect(stdout.trim()).toBe('week.md');
  const written = readFileSync(path.join(dir, 'week.md'), 'utf8');
  expect(written).toBe(await (await call('GET', '/v1/issues/1.md')).text());
  expect(written).toContain('# Week one');
  expect(written).toContain('- [**A**](https://example.org/a) - First.');
  expect((await (await call('GET', '/v1/issues/1')).json()).status).toBe('published');

  // Nothing new to assemble: a new issue for next week has no items and is left a draft.
  await expect(script(['--subject', 'Week two', '--date', '2026-12-04'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('left as a draft') });
  expect((await (await call('GET', '/v1/issues/2')).json()).status).toBe('draft');
});
