import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, testConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createToken } from '../src/auth/tokens.repository.js';
import { startServer as startPageServer } from './enrichment/helpers.js';
import { startServer } from '../src/server.js';
import { silentLogger } from '../src/logger.js';
import { createTestApp, problemOf } from './helpers/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'linkletter-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(TSX, ['src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: path.join(dir, 'cli.db'), LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** `node --import tsx src/main.ts` as npm start runs it, with its output collected. */
function spawnMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { child, out: '' };
  child.stdout.on('data', (d) => (state.out += d));
  child.stderr.on('data', (d) => (state.out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => state.out,
    /** Resolves once `pattern` has appeared `count` times in the output. */
    waitFor: (pattern: RegExp, count = 1, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(check);
          reject(new Error(`waited for ${pattern} ×${count}: ${state.out}`));
        }, ms);
        const check = setInterval(() => {
          if ((state.out.match(new RegExp(pattern, 'g')) ?? []).length >= count) {
            clearTimeout(timer);
            clearInterval(check);
            resolve();
          }
        }, 50);
      }),
  };
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({ port: 8787, host: '127.0.0.1', databasePath: './data/linkletter.db', logLevel: 'info', sqliteMmapSize: 134217728, corsOrigins: [] });
  });

  it('fails with one readable line naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', CORS_ORIGINS: 'not-a-url' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/PORT="eighty"/);
      expect(message).toMatch(/LOG_LEVEL="loud"/);
      expect(message).toMatch(/CORS_ORIGINS/);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('stops start-up with a one-line error and exit 1 for a bad value', () => {
    const result = spawnSync(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...process.env, PORT: '-3' }, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^linkletter: invalid configuration: PORT="-3"/);
  });
});

describe('database', () => {
  it('opens with the production pragmas', () => {
    const handle = openDatabase(path.join(dir, 'p.db'), { mmapSize: 1024 * 1024 });
    const p = (name: string) => handle.sqlite.pragma(name, { simple: true });
    expect(p('journal_mode')).toBe('wal');
    expect(p('synchronous')).toBe(1); // NORMAL
    expect(p('busy_timeout')).toBe(5000);
    expect(p('foreign_keys')).toBe(1);
    expect(p('journal_size_limit')).toBe(64 * 1024 * 1024);
    expect(p('cache_size')).toBe(-65536);
    expect(p('temp_store')).toBe(2); // MEMORY
    expect(p('mmap_size')).toBe(1024 * 1024);
    handle.sqlite.close();
  });

  it('creates STRICT tables', async () => {
    const t = await createTestApp();
    const rows = t.sqlite.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'").all() as { name: string; strict: number }[];
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row, row.name).toMatchObject({ strict: 1 });
    await t.close();
  });

  it('indexes the referencing side of every foreign key, so deleting a row never scans a table', async () => {
    const t = await createTestApp();
    const references = t.sqlite
      .prepare(
        `SELECT m.name AS tbl, f."from" AS col FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'kysely_%'`,
      )
      .all() as { tbl: string; col: string }[];
    expect(references.length).toBeGreaterThan(5);
    for (const { tbl, col } of references) {
      // The lookup SQLite runs when a referenced row goes away.
      const plan = (t.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM "${tbl}" WHERE "${col}" = ?`).all(1) as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan, `${tbl}.${col}`).toMatch(/SEARCH .* USING (COVERING INDEX|INDEX|PRIMARY KEY|INTEGER PRIMARY KEY)/);
    }
    await t.close();
  });

  it('migrates from the CLI, and a failing migration exits non-zero', () => {
    const ok = cli(['migrate']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/applied: 2026-/);
    expect(cli(['migrate']).stderr).toMatch(/up to date/);

    // A database whose schema clashes with the first migration makes it fail.
    const broken = path.join(dir, 'broken.db');
    const handle = openDatabase(broken);
    handle.sqlite.exec('CREATE TABLE settings (x INTEGER)');
    handle.sqlite.close();
    const failed = cli(['migrate'], { DATABASE_PATH: broken });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/migration .* failed/);
    const start = spawnSync(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: broken, PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
    expect(start.status).toBe(1);
    expect(start.stderr).toMatch(/migration .* failed/);
  });
});

describe('tokens CLI', () => {
  it('creates a token printing only the secret, lists without secrets, and revokes', async () => {
    const created = cli(['token', 'create', '--name', 'ci bot', '--role', 'editor']);
    expect(created.status, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(created.stdout).toBe(`${secret}\n`);
    expect(secret).toMatch(/^ll_[A-Za-z0-9_-]{43}$/);

    const listed = cli(['token', 'list']);
    expect(listed.stdout).toMatch(/^ci bot\teditor\tactive/);
    expect(listed.stdout).not.toContain(secret);

    // The stored value is a hash, not the secret.
    const handle = openDatabase(path.join(dir, 'cli.db'));
    const stored = handle.sqlite.prepare('SELECT secret_hash FROM tokens').pluck().get() as string;
    expect(stored).not.toContain(secret.slice(3));
    handle.sqlite.close();

    expect(cli(['token', 'create', '--name', 'ci bot', '--role', 'editor']).status).toBe(2);
    expect(cli(['token', 'create', '--name', 'x', '--role', 'root']).status).toBe(2);
    expect(cli(['token', 'revoke', 'ci bot']).status).toBe(0);
    expect(cli(['token', 'list']).stdout).toMatch(/revoked/);
    expect(cli(['token', 'revoke', 'ci bot']).status).toBe(2);
  });
});

describe('HTTP operations', () => {
  it('answers /healthz and /readyz, echoing a request id', async () => {
    const t = await createTestApp();
    const res = await t.request('GET', '/healthz', { token: null, headers: { 'x-request-id': 'abc-123' } });
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const ready = await t.request('GET', '/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect((await t.request('GET', '/healthz', { token: null })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await t.close();
  });

  it('answers /readyz with 503 when the database is gone', async () => {
    const t = await createTestApp();
    t.sqlite.close();
    const res = await t.request('GET', '/readyz', { token: null });
    expect(res.status).toBe(503);
    expect((await problemOf(res)).detail).not.toMatch(/sqlite|closed/i);
  });

  it('answers 404 for unknown routes and 405 with Allow for a wrong method', async () => {
    const t = await createTestApp();
    const missing = await t.request('GET', '/v1/nothing');
    expect(missing.status).toBe(404);
    await problemOf(missing);
    const wrong = await t.request('PUT', '/v1/links');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, GET, HEAD');
    await problemOf(wrong);
    await t.close();
  });

  it('allows browser origins only when CORS_ORIGINS lists them', async () => {
    const closed = await createTestApp();
    const a = await closed.request('GET', '/healthz', { token: null, headers: { origin: 'https://app.example.org' } });
    expect(a.headers.get('access-control-allow-origin')).toBeNull();
    await closed.close();
    const open = await createTestApp({ corsOrigins: ['https://app.example.org'] });
    const b = await open.request('OPTIONS', '/v1/links', {
      token: null,
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST' },
    });
    expect(b.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const c = await open.request('GET', '/healthz', { token: null, headers: { origin: 'https://evil.example' } });
    expect(c.headers.get('access-control-allow-origin')).toBeNull();
    await open.close();
  });

  it('never leaks internals in a 500', async () => {
    const t = await createTestApp();
    await t.createLink({ url: 'https://example.com/' });
    t.sqlite.exec('DROP TABLE link_json'); // any query touching it now throws inside SQLite
    const res = await t.request('GET', '/v1/links');
    expect(res.status).toBe(500);
    const problem = await problemOf(res);
    expect(JSON.stringify(problem)).not.toMatch(/link_json|sqlite|SELECT|at .*\.ts/i);
    await t.close();
  });
});

describe('server lifecycle', () => {
  it('serves on a real port, finishes in-flight requests on stop, then closes the database', async () => {
    const config = testConfig({ port: 0, databasePath: path.join(dir, 'srv.db') });
    const running = await startServer(config, { logger: silentLogger });
    const base = `http://127.0.0.1:${running.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const stopped = running.stop(5000);
    await stopped;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('refuses bodies over 64 KiB on the wire, declared or chunked, and lets smaller ones through', async () => {
    const running = await startServer(testConfig({ port: 0, databasePath: path.join(dir, 'limit.db') }), { logger: silentLogger });
    try {
      const post = (body: string, chunked: boolean) =>
        new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (!chunked) headers['content-length'] = String(Buffer.byteLength(body));
          const req = http.request({ host: '127.0.0.1', port: running.port, method: 'POST', path: '/v1/links', headers }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'] }));
          });
          req.on('error', reject);
          // Without a Content-Length, Node sends the body chunked, in pieces.
          for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.slice(i, i + 16 * 1024));
          req.end();
        });
      const huge = JSON.stringify({ url: 'https://example.com/', blurb: 'x'.repeat(70 * 1024) });
      for (const chunked of [false, true]) {
        expect(await post(huge, chunked), `chunked: ${chunked}`).toEqual({ status: 413, type: 'application/problem+json' });
        // Under the limit, the request goes on to the token check.
        expect((await post('{"url":"https://example.com/"}', chunked)).status, `chunked: ${chunked}`).toBe(401);
      }
    } finally {
      await running.stop();
    }
  });

  it('waits for another process holding the write lock instead of failing the request', async () => {
    const databasePath = path.join(dir, 'locks.db');
    const running = await startServer(testConfig({ port: 0, databasePath }), { logger: silentLogger });
    try {
      const { secret } = await running.ctx.transact((trx) => createToken(trx, { name: 'locks', role: 'editor', now: new Date() }));
      const headers = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' };
      // A first request records the token's use, so the one under test starts with its transaction.
      expect((await fetch(`http://127.0.0.1:${running.port}/v1/links`, { headers })).status).toBe(200);
      // Another process (as the CLI would be) takes the write lock, and commits 1.5 s later.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const db = new (require('better-sqlite3'))(process.argv[1]);
           db.pragma('busy_timeout = 5000');
           db.exec("BEGIN IMMEDIATE; INSERT INTO tags (name) VALUES ('from-elsewhere')");
           process.stdout.write('locked\\n');
           setTimeout(() => { db.exec('COMMIT'); db.close(); }, 1500);`,
          databasePath,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        holder.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const res = await fetch(`http://127.0.0.1:${running.port}/v1/links`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url: 'https://example.com/while-locked', tags: ['from-elsewhere'] }),
      });
      expect(res.status).toBe(201);
      expect((await res.json()).tags).toEqual(['from-elsewhere']);
      await new Promise((resolve) => (holder.exitCode === null ? holder.once('exit', resolve) : resolve(null)));
    } finally {
      await running.stop();
    }
  });

  it('serves from WORKERS=2 processes: links added on any of them are fetched, SIGTERM stops them all', async () => {
    const pages = await startPageServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Page ${req.url}</title>`);
    });
    const databasePath = path.join(dir, 'cluster.db');
    const main = spawnMain({ WORKERS: '2', PORT: '0', DATABASE_PATH: databasePath, FETCH_ALLOW_PRIVATE: 'true' });
    const { child } = main;
    const out = () => main.output();
    try {
      await main.waitFor(/"msg":"listening"/, 2);
      const urls = [...out().matchAll(/"msg":"listening","url":"([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(urls).size, 'both workers share one port').toBe(1);
      const base = urls[0]!;
      const secret = cli(['token', 'create', '--name', 'cluster', '--role', 'editor'], { DATABASE_PATH: databasePath }).stdout.trim();

      // A new connection each time, so the cluster hands them to both workers.
      const request = (method: string, path: string, body?: unknown) =>
        new Promise<{ status: number; json: any }>((resolve, reject) => {
          const req = http.request(`${base}${path}`, { method, agent: false, headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' } }, (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
          });
          req.on('error', reject);
          req.end(body === undefined ? undefined : JSON.stringify(body));
        });
      for (let i = 0; i < 6; i++) expect((await request('POST', '/v1/links', { url: `${pages.origin}/p${i}` })).status).toBe(201);
      const servedBy = new Set([...out().matchAll(/"method":"POST","path":"\/v1\/links","status":201[^\n]*"pid":(\d+)/g)].map((m) => m[1]));
      expect(servedBy.size, 'both workers served').toBe(2);

      // Only worker 0 fetches; it finds the other worker's jobs in the database.
      const deadline = Date.now() + 20_000;
      let done: { metadata: { title: string } }[] = [];
      while (Date.now() < deadline) {
        done = (await request('GET', '/v1/links?enrichment=done')).json.items;
        if (done.length === 6) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(done.map((l) => l.metadata.title).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `Page /p${i}`));

      child.kill('SIGTERM');
      expect(await main.exited).toBe(0);
      expect((out().match(/"msg":"stopped"/g) ?? []).length).toBe(2);
      expect(out()).toContain('"msg":"all workers stopped"');
      // The last process out folded the WAL back: one file is left, as with one process.
      expect(existsSync(`${databasePath}-wal`)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await pages.close();
    }
  });

  it('exits non-zero, without restarting them forever, when the workers cannot start', async () => {
    const taken = await startPageServer((_req, res) => res.end());
    try {
      const main = spawnMain({ WORKERS: '2', PORT: String(taken.port), DATABASE_PATH: path.join(dir, 'busy.db') });
      const timer = setTimeout(() => main.child.kill('SIGKILL'), 20_000);
      const result = { code: await main.exited, out: main.output() };
      clearTimeout(timer);
      expect(result.code).toBe(1);
      expect(result.out).toContain('a worker could not start');
    } finally {
      await taken.close();
    }
  });

  it('stops cleanly when SIGTERM comes while a dead worker waits to be replaced', async () => {
    const main = spawnMain({ WORKERS: '2', PORT: '0', DATABASE_PATH: path.join(dir, 'restart.db') });
    try {
      await main.waitFor(/"msg":"listening"/, 2);
      const pids = [...main.output().matchAll(/"msg":"listening"[^\n]*"pid":(\d+)/g)].map((m) => Number(m[1]));
      process.kill(pids[1]!, 'SIGKILL');
      await main.waitFor(/worker exited; starting another/);
      main.child.kill('SIGTERM'); // before the replacement is forked
      expect(await main.exited).toBe(0);
      expect((main.output().match(/"msg":"listening"/g) ?? []).length, 'no replacement was started').toBe(2);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  });

  it('stops on SIGTERM with exit 0', async () => {
    const child = spawn(TSX, ['src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATABASE_PATH: path.join(dir, 'sig.db'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const url = /"url":"([^"]+)"/.exec(out)![1]!;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out).toContain('"stopped"');
  });
});
