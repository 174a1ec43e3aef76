import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToken } from '../src/auth/tokens.repository.js';
import { testConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { ROOT, TSX } from './helpers/processes.js';

/**
 * examples/publish-weekly.ts, run as the README says (`npx tsx examples/publish-weekly.ts`),
 * against a real server. `tsc` checks its calls against client/api.ts; these check what it does.
 */

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, 'examples', 'publish-weekly.ts');

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
const issues = async () => ((await (await call('GET', '/v1/issues')).json()) as { items: { number: number; status: string }[] }).items;

type Outcome = { code: number; stdout: string; stderr: string };
async function script(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT, ...args], {
      cwd: dir,
      env: { ...process.env, LINKLETTER_URL: base(), LINKLETTER_TOKEN: secret, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: unknown; stdout: string; stderr: string };
    if (typeof code !== 'number') throw err;
    return { code, stdout, stderr };
  }
}

/** A port nothing listens on: one the system just handed out, closed again. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('examples/publish-weekly.ts', () => {
  it('assembles, publishes and writes the week’s Markdown; run again that day, it does nothing and says so', async () => {
    await call('POST', '/v1/links', { url: 'https://example.org/a', title: 'A', blurb: 'First.', section: 'Highlights' });
    await call('POST', '/v1/links', { url: 'https://example.org/b', title: 'B', blurb: 'Second.' });
    const first = await script(['--subject', 'Week one', '--date', '2026-11-27', '--out', 'week.md']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('week.md\n');
    expect(first.stderr).toMatch(/started issue 1\n[\s\S]*added 2 link\(s\) to issue 1\n[\s\S]*published issue 1\n$/);
    const written = readFileSync(path.join(dir, 'week.md'), 'utf8');
    expect(written).toBe(await (await call('GET', '/v1/issues/1.md')).text());
    expect(written).toContain('# Week one');
    expect(written).toContain('- [**A**](https://example.org/a) - First.');
    expect((await issues()).map((i) => [i.number, i.status])).toEqual([[1, 'published']]);

    // A new link since, and the same day again: still nothing, not an empty draft beside it.
    await call('POST', '/v1/links', { url: 'https://example.org/c', title: 'C', blurb: 'Third.' });
    const again = await script(['--subject', 'Week one', '--date', '2026-11-27', '--out', 'again.md']);
    expect(again).toEqual({ code: 0, stdout: '', stderr: 'issue 1 of 2026-11-27 is already published; nothing to do\n' });
    expect(existsSync(path.join(dir, 'again.md'))).toBe(false);
    expect((await issues()).map((i) => [i.number, i.status])).toEqual([[1, 'published']]);
    expect(((await (await call('GET', '/v1/links?issue=none')).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('leaves the draft unpublished and exits 1 when the check finds errors; the next run that day goes on with that draft', async () => {
    // Nothing to assemble: the issue is empty, which the check calls an error.
    const empty = await script(['--subject', 'Week two', '--date', '2026-12-04']);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toMatch(/^started issue 1\nadded 0 link\(s\) to issue 1\n(?:warning: .*\n)*error: .*\n/);
    expect(empty.stderr.trimEnd().split('\n').at(-1)).toBe('publish-weekly: issue 1 left as a draft');
    expect((await issues()).map((i) => [i.number, i.status])).toEqual([[1, 'draft']]);

    // A link comes in; the same day's run (no --subject needed now) publishes that draft.
    await call('POST', '/v1/links', { url: 'https://example.org/d', title: 'D', blurb: 'Fourth.' });
    const next = await script(['--date', '2026-12-04']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/^continuing with draft issue 1\nadded 1 link\(s\) to issue 1\n/);
    expect(next.stdout).toBe('issue-1.md\n');
    expect(readFileSync(path.join(dir, 'issue-1.md'), 'utf8')).toContain('# Week two');
    expect((await issues()).map((i) => [i.number, i.status])).toEqual([[1, 'published']]);
  });

  it('with --strict, a warning keeps the draft too', async () => {
    await call('POST', '/v1/links', { url: 'https://example.org/e', title: 'E' }); // no blurb: a warning
    const strict = await script(['--subject', 'Strict', '--date', '2026-12-11', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/\nwarning: .*\n/);
    expect(strict.stderr).not.toMatch(/\nerror: /);
    expect(strict.stderr).toMatch(/publish-weekly: issue 1 left as a draft\n$/);
    expect((await issues())[0]?.status).toBe('draft');
  });

  it('says in one line that the server cannot be reached, and exits 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const outcome = await script(['--subject', 'Nobody home'], { LINKLETTER_URL: url });
    expect(outcome).toEqual({ code: 1, stdout: '', stderr: `publish-weekly: cannot reach ${url} (connection refused)\n` });
  });

  it('says in one line what answered instead of linkletter (a proxy’s error page, an empty 404), and exits 1', async () => {
    const proxy = http.createServer((req, res) => {
      if (req.url?.startsWith('/v1/issues')) res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>\n<h1>Bad Gateway</h1>\n</body></html>');
      else res.writeHead(404, { 'content-length': '0' }).end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      const outcome = await script(['--subject', 'x'], { LINKLETTER_URL: url });
      expect(outcome).toEqual({ code: 1, stdout: '', stderr: 'publish-weekly: GET /v1/issues → 502: <html><body> <h1>Bad Gateway</h1> </body></html>\n' });
      const empty = await script(['--subject', 'x'], { LINKLETTER_URL: `${url}/nothing-here` });
      expect(empty).toEqual({ code: 1, stdout: '', stderr: 'publish-weekly: GET /v1/issues → 404: no explanation in the response\n' });
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('fails in one line for a missing token, a refused token, a bad URL or a bad option', async () => {
    const noToken = await script(['--subject', 'x'], { LINKLETTER_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/^publish-weekly: set LINKLETTER_TOKEN to an editor token .*\n$/);

    const refused = await script(['--subject', 'x'], { LINKLETTER_TOKEN: 'll_nope' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^publish-weekly: GET \/v1\/issues → 401: .+\n$/);

    const badUrl = await script(['--subject', 'x'], { LINKLETTER_URL: 'localhost:8787' });
    expect(badUrl).toEqual({ code: 1, stdout: '', stderr: 'publish-weekly: LINKLETTER_URL is not an http(s) URL: localhost:8787\n' });

    const badOption = await script(['--subjet', 'x']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/^publish-weekly: Unknown option '--subjet'.*\n$/);

    const noSubject = await script([]);
    expect(noSubject.code).toBe(2);
    expect(noSubject.stderr).toBe('publish-weekly: --subject is required to start a new issue\n');
    expect(await issues()).toEqual([]);
  });
});
