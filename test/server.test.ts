import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../src/config.js';
import { createToken } from '../src/auth/tokens.repository.js';
import { openDatabase } from '../src/db/database.js';
import { startServer as startPageServer } from './enrichment/helpers.js';
import { startServer } from '../src/server.js';
import { silentLogger } from '../src/logger.js';
import { cli as runCli, ROOT, spawnMain, TSX, tempDirPerTest } from './helpers/processes.js';

/**
 * The server as it runs for real: src/server.ts on a port, and src/main.ts (with
 * src/cluster.ts for WORKERS>1) as a process. These sit at the top level, beside those files.
 */

const dir = tempDirPerTest();
const cli = (args: string[], env: Record<string, string>) => runCli(path.join(dir(), 'cli.db'), args, env);

describe('server lifecycle', () => {
  it('serves on a real port, finishes in-flight requests on stop, then closes the database', async () => {
    const databasePath = path.join(dir(), 'srv.db');
    const running = await startServer(testConfig({ port: 0, databasePath }), { logger: silentLogger });
    const base = `http://127.0.0.1:${running.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const { secret } = await running.ctx.transact((trx) => createToken(trx, { name: 'lifecycle', role: 'editor', now: new Date() }));

    // A request in flight: the server has its headers (it answered `Expect: 100-continue`),
    // and it cannot finish before the test sends the body.
    const body = JSON.stringify({ url: 'https://example.com/in-flight' });
    const req = http.request({
      host: '127.0.0.1',
      port: running.port,
      method: 'POST',
      path: '/v1/links',
      agent: false,
      headers: {
        authorization: `Bearer ${secret}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        expect: '100-continue',
        connection: 'close',
      },
    });
    const response = new Promise<{ status: number; json: any }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
      });
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => req.once('continue', resolve));

    let stopDone = false;
    const stopped = running.stop(10_000).then(() => {
      stopDone = true;
    });
    // Stopping refuses new connections at once, but waits for the request in flight.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(stopDone, 'stop() returned while a request was in flight').toBe(false);

    req.end(body);
    const res = await response;
    expect(res.status, JSON.stringify(res.json)).toBe(201); // served in full, database still open
    expect(res.json.url).toBe('https://example.com/in-flight');

    await stopped;
    // The database is closed: the app's handle refuses queries, and the file was left tidy
    // (closing the last connection folds the WAL back into it), with the link in it.
    await expect(running.ctx.db.selectFrom('links').select('id').execute()).rejects.toThrow();
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
    const reopened = openDatabase(databasePath);
    try {
      expect(reopened.sqlite.prepare('SELECT url FROM links').pluck().all()).toEqual(['https://example.com/in-flight']);
    } finally {
      reopened.sqlite.close();
    }
  });

  it('refuses bodies over 64 KiB on the wire, declared or chunked, and lets smaller ones through', async () => {
    const running = await startServer(testConfig({ port: 0, databasePath: path.join(dir(), 'limit.db') }), { logger: silentLogger });
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
    const databasePath = path.join(dir(), 'locks.db');
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
    const databasePath = path.join(dir(), 'cluster.db');
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
      const main = spawnMain({ WORKERS: '2', PORT: String(taken.port), DATABASE_PATH: path.join(dir(), 'busy.db') });
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
    const main = spawnMain({ WORKERS: '2', PORT: '0', DATABASE_PATH: path.join(dir(), 'restart.db') });
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
      env: { ...process.env, PORT: '0', DATABASE_PATH: path.join(dir(), 'sig.db'), LOG_LEVEL: 'info' },
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
