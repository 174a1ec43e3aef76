import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.repository.js';
import { testConfig, type Config } from '../../src/config.js';
import { createLogger, silentLogger, type Logger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { contractViolations } from '../helpers/contract.js';
import { tempDirPerTest } from '../helpers/processes.js';
import { createTestApp, problemOf } from '../helpers/test-app.js';

/**
 * POST /v1/admin/backup, GET /v1/admin/backups(/{name}) and BACKUP_EVERY, on a real server
 * (src/server.ts on a port) over a database file; restore.test.ts runs them as processes.
 */

const dir = tempDirPerTest();
const NAME = /^linkletter-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/;

type Line = { msg: string; [field: string]: unknown };

function capturingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  return { lines, logger: createLogger('info', (line) => lines.push(JSON.parse(line) as Line)) };
}

async function serve(overrides: Partial<Config> = {}, logger: Logger = silentLogger) {
  const databasePath = path.join(dir(), 'live.db');
  const running = await startServer(testConfig({ port: 0, databasePath, ...overrides }), { logger });
  const { secret } = await running.ctx.transact((trx) => createToken(trx, { name: 'admin', role: 'admin', now: new Date() }));
  const base = `http://127.0.0.1:${running.port}`;
  /** A request as the admin, checked against openapi.yaml. */
  const call = async (method: string, target: string, body?: unknown) => {
    const res = await fetch(`${base}${target}`, {
      method,
      headers: { Authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(await contractViolations(method, target, res.clone())).toEqual([]);
    return res;
  };
  return { running, call, databasePath, backups: path.join(dir(), 'backups') };
}

function inBackup(file: string, sql: string): unknown[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().all();
  } finally {
    db.close();
  }
}

describe('POST /v1/admin/backup', () => {
  it('answers 201 with a checked backup beside the database holding every link added before it, and lists it', async () => {
    const { running, call, backups } = await serve();
    try {
      const urls = ['https://example.org/a', 'https://example.org/b', 'https://example.org/c'];
      for (const url of urls) expect((await call('POST', '/v1/links', { url })).status).toBe(201);

      const res = await call('POST', '/v1/admin/backup');
      expect(res.status).toBe(201);
      const taken = await res.json();
      expect(taken).toEqual({ name: expect.stringMatching(NAME), bytes: expect.any(Number), createdAt: expect.any(String), integrity: 'ok' });
      expect(res.headers.get('location')).toBe(`/v1/admin/backups/${taken.name}`);
      const file = path.join(backups, taken.name);
      expect(inBackup(file, 'SELECT url FROM links ORDER BY id')).toEqual(urls);
      expect(inBackup(file, 'PRAGMA integrity_check')).toEqual(['ok']);
      // Named by the UTC time it began: the name and createdAt say the same.
      expect(taken.name).toBe(`linkletter-${taken.createdAt.replace(/[:.]/g, '-')}.db`);

      const listed = await (await call('GET', '/v1/admin/backups')).json();
      expect(listed).toEqual({ items: [{ name: taken.name, bytes: taken.bytes, createdAt: taken.createdAt }] });
      const one = await call('GET', res.headers.get('location')!);
      expect([one.status, await one.json()]).toEqual([200, listed.items[0]]);
      // Nothing else is left in the folder: no unfinished copy, no lock.
      expect(readdirSync(backups)).toEqual([taken.name]);
    } finally {
      await running.stop();
    }
  });

  it('keeps the newest BACKUP_KEEP, lists them newest first, and leaves other files in the folder alone', async () => {
    const { running, call, backups } = await serve({ backupKeep: 2 });
    try {
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call('POST', '/v1/admin/backup');
        expect(res.status).toBe(201);
        names.push((await res.json()).name);
        if (i === 0) writeFileSync(path.join(backups, 'notes.txt'), 'mine');
      }
      const listed = (await (await call('GET', '/v1/admin/backups')).json()).items.map((b: { name: string }) => b.name);
      expect(listed).toEqual([names[2], names[1]]);
      expect(readdirSync(backups).sort()).toEqual([names[1], names[2], 'notes.txt'].sort());
      expect((await call('GET', `/v1/admin/backups/${names[0]}`)).status).toBe(404);
    } finally {
      await running.stop();
    }
  });

  it('takes one at a time: of two at once one is 201 and one 409, and a backup another live process is taking is a 409', async () => {
    const { running, call, backups } = await serve();
    try {
      const both = await Promise.all([call('POST', '/v1/admin/backup'), call('POST', '/v1/admin/backup')]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      const refused = both.find((r) => r.status === 409)!;
      expect((await problemOf(refused)).detail).toMatch(/being taken already/);

      // The lock file of another process (this test's parent, alive): 409, and it stays.
      const lock = path.join(backups, '.backup.lock');
      writeFileSync(lock, `${process.ppid}\n`);
      const busy = await call('POST', '/v1/admin/backup');
      expect(busy.status).toBe(409);
      expect((await problemOf(busy)).detail).toMatch(/another server process/);
      expect(existsSync(lock)).toBe(true);

      // One left by a process that died, and the copy it left unfinished, are cleared.
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      writeFileSync(lock, `${dead}\n`);
      writeFileSync(path.join(backups, 'linkletter-2020-01-01T00-00-00-000Z.db.tmp'), 'half a copy');
      const res = await call('POST', '/v1/admin/backup');
      expect(res.status).toBe(201);
      expect(readdirSync(backups).filter((n) => !NAME.test(n))).toEqual([]);
    } finally {
      await running.stop();
    }
  });

  it('answers 500 without details when the folder cannot be written, logs why, and goes on serving', async () => {
    const { lines, logger } = capturingLogger();
    const blocker = path.join(dir(), 'a-file');
    writeFileSync(blocker, '');
    const { running, call } = await serve({ backupDir: path.join(blocker, 'backups') }, logger);
    try {
      const res = await call('POST', '/v1/admin/backup');
      expect(res.status).toBe(500);
      expect((await problemOf(res)).detail).not.toContain(blocker);
      expect(lines.find((l) => l.msg === 'backup failed')).toMatchObject({ trigger: 'api', error: expect.stringContaining('ENOTDIR') });
      expect((await call('POST', '/v1/links', { url: 'https://example.org/after' })).status).toBe(201);
    } finally {
      await running.stop();
    }
  });

  it('answers 409 for an in-memory database, which has no file to copy', async () => {
    const t = await createTestApp();
    try {
      const res = await t.request('POST', '/v1/admin/backup', { token: t.tokens.admin });
      expect(res.status).toBe(409);
      expect((await problemOf(res)).detail).toMatch(/in memory/);
      expect(await (await t.request('GET', '/v1/admin/backups', { token: t.tokens.admin })).json()).toEqual({ items: [] });
    } finally {
      await t.close();
    }
  });
});

describe('GET /v1/admin/backups/{name}', () => {
  it('answers 400 for what cannot be a backup name (a path, say) and 404 for one that is not there', async () => {
    const { running, call } = await serve();
    try {
      expect((await call('GET', '/v1/admin/backups/..%2Flive.db')).status).toBe(400);
      expect((await call('GET', '/v1/admin/backups/live.db')).status).toBe(400);
      expect((await call('GET', '/v1/admin/backups/linkletter-2020-01-01T00-00-00-000Z.db')).status).toBe(404);
    } finally {
      await running.stop();
    }
  });
});

describe('BACKUP_EVERY', () => {
  it('takes one at start-up when none is recent, logged as one line, and none when the newest is recent', async () => {
    const first = capturingLogger();
    const a = await serve({ backupEveryMs: 3_600_000 }, first.logger);
    try {
      await expect.poll(() => first.lines.find((l) => l.msg === 'backup taken'), { timeout: 20_000 }).toMatchObject({ trigger: 'schedule', name: expect.stringMatching(NAME) });
    } finally {
      await a.running.stop();
    }
    expect(readdirSync(a.backups).filter((n) => NAME.test(n))).toHaveLength(1);

    const second = capturingLogger();
    const b = await startServer(testConfig({ port: 0, databasePath: a.databasePath, backupEveryMs: 3_600_000 }), { logger: second.logger });
    await b.stop(); // waits for a backup that had begun: none had
    expect(second.lines.map((l) => l.msg).filter((m) => /backup/.test(m))).toEqual([]);
    expect(readdirSync(a.backups).filter((n) => NAME.test(n))).toHaveLength(1);
  });

  it('logs a scheduled backup it cannot take and goes on serving', async () => {
    // Another live process holds the folder's lock (this test's parent), so the one due at start-up cannot run.
    mkdirSync(path.join(dir(), 'backups'));
    writeFileSync(path.join(dir(), 'backups', '.backup.lock'), `${process.ppid}\n`);
    const { lines, logger } = capturingLogger();
    const { running, call } = await serve({ backupEveryMs: 3_600_000 }, logger);
    try {
      await expect.poll(() => lines.find((l) => l.msg.startsWith('scheduled backup skipped')), { timeout: 20_000 }).toBeDefined();
      expect((await call('POST', '/v1/links', { url: 'https://example.org/still-serving' })).status).toBe(201);
      expect(lines.filter((l) => l.msg === 'backup taken')).toEqual([]);
    } finally {
      await running.stop();
    }
  });

  it('stops start-up when the backup folder cannot be made', async () => {
    const blocker = path.join(dir(), 'a-file');
    writeFileSync(blocker, '');
    const config = testConfig({ port: 0, databasePath: path.join(dir(), 'x.db'), backupEveryMs: 3_600_000, backupDir: path.join(blocker, 'backups') });
    await expect(startServer(config, { logger: silentLogger })).rejects.toThrow(/^the backup folder .* is not writable: /);
  });
});
