import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, cliInBackground, spawnMain, tempDirPerTest } from '../helpers/processes.js';

/**
 * Backups as operators take and restore them: `npm run cli -- backup PATH` and
 * POST /v1/admin/backup against a server running as `npm start` runs it, a restore done as
 * the README says (stop, copy the backup over DATABASE_PATH, remove -wal and -shm, start),
 * and BACKUP_EVERY in a cluster. Every write the server acknowledged before a backup began
 * must be in it.
 */

const dir = tempDirPerTest();

type Server = Awaited<ReturnType<typeof startServer>>;

/** The server as a process on `databasePath`, with an admin token made by the CLI beforehand (once per file). */
async function startServer(databasePath: string, env: Record<string, string> = {}, token?: string) {
  const secret = token ?? cli(databasePath, ['token', 'create', '--name', 'admin', '--role', 'admin']).stdout.trim();
  const main = spawnMain({ PORT: '0', DATABASE_PATH: databasePath, ...env });
  await main.waitFor(/"msg":"listening"/, env.WORKERS ? Number(env.WORKERS) : 1);
  const base = /"msg":"listening","url":"([^"]+)"/.exec(main.output())![1]!;
  const call = (method: string, target: string, body?: unknown) =>
    fetch(`${base}${target}`, {
      method,
      headers: { Authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const stop = async () => {
    main.child.kill('SIGTERM');
    expect(await main.exited, main.output()).toBe(0);
  };
  return { main, call, stop, secret, databasePath };
}

type Ack = { id: number; url: string };

/** `writers` loops adding links until `until` resolves; every 201 is recorded in order, anything else counted. */
function writeLoad(server: Server, writers: number, until: Promise<unknown>) {
  const acked: Ack[] = [];
  const failures: string[] = [];
  let done = false;
  until.finally(() => (done = true)).catch(() => {});
  let n = 0;
  const loops = Array.from({ length: writers }, async (_, w) => {
    while (!done) {
      const url = `https://example.org/load/${w}/${n++}`;
      const res = await server.call('POST', '/v1/links', { url, tags: [`writer-${w}`] });
      if (res.status === 201) acked.push({ id: ((await res.json()) as { id: number }).id, url });
      else failures.push(`${res.status} ${await res.text()}`);
    }
  });
  return { acked, failures, finished: Promise.all(loops) };
}

/** Opens a backup (or a restored file) read-only and says what a test needs of it. */
function inspect(file: string) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.prepare('PRAGMA integrity_check').pluck().all(),
      foreignKeys: db.prepare('PRAGMA foreign_key_check').all(),
      urls: new Map(db.prepare('SELECT id, url FROM links').raw().all() as [number, string][]),
    };
  } finally {
    db.close();
  }
}

function expectAll(urls: Map<number, string>, acked: Ack[], label: string) {
  const missing = acked.filter((a) => urls.get(a.id) !== a.url);
  expect(missing, `${label}: acknowledged writes missing`).toEqual([]);
}

describe('npm run cli -- backup PATH', () => {
  it('writes a checked copy of a database being served, refuses to replace a file unless --force, and fails in one line', async () => {
    const databasePath = path.join(dir(), 'live.db');
    const server = await startServer(databasePath);
    try {
      for (const url of ['https://example.org/1', 'https://example.org/2']) expect((await server.call('POST', '/v1/links', { url })).status).toBe(201);
      const target = path.join(dir(), 'copy.db');
      const ok = await cliInBackground(databasePath, ['backup', target]);
      expect([ok.status, ok.stdout], ok.stderr).toEqual([0, '']);
      expect(ok.stderr).toMatch(new RegExp(`^backed up \\S+live\\.db to ${target}: \\d+ bytes, integrity_check ok\\n$`));
      const copy = inspect(target);
      expect([copy.integrity, [...copy.urls.values()]]).toEqual([['ok'], ['https://example.org/1', 'https://example.org/2']]);

      expect((await server.call('POST', '/v1/links', { url: 'https://example.org/3' })).status).toBe(201);
      const [exists, noFolder, noDatabase, noPath] = await Promise.all([
        cliInBackground(databasePath, ['backup', target]),
        cliInBackground(databasePath, ['backup', path.join(dir(), 'missing', 'copy.db')]),
        cliInBackground(path.join(dir(), 'nothing-here.db'), ['backup', path.join(dir(), 'other.db')]),
        cliInBackground(databasePath, ['backup']),
      ]);
      expect([exists.status, exists.stderr]).toEqual([1, `linkletter: backup: ${target} exists already (--force replaces it)\n`]);
      expect([noFolder.status, noFolder.stderr]).toEqual([1, `linkletter: backup: the folder ${path.join(dir(), 'missing')} does not exist\n`]);
      expect([noDatabase.status, noDatabase.stderr]).toEqual([1, `linkletter: backup: could not open the database ${path.join(dir(), 'nothing-here.db')}: unable to open database file\n`]);
      expect([noPath.status, noPath.stderr]).toEqual([2, 'linkletter: backup: PATH is required (see backup --help)\n']);
      expect(inspect(target).urls.size, 'the refused run left the old copy').toBe(2);

      const forced = await cliInBackground(databasePath, ['backup', target, '--force']);
      expect(forced.status, forced.stderr).toBe(0);
      expect(inspect(target).urls.size).toBe(3);
      // Nothing half-written is left, and no database was made where there was none.
      expect(readdirSync(dir()).filter((n) => n.endsWith('.tmp') || n.startsWith('nothing-here') || n.startsWith('other'))).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 90_000);
});

describe('restoring a backup', () => {
  it('as the README says: every write acknowledged before the backup began is there, later ones are not, and the file is intact', async () => {
    const databasePath = path.join(dir(), 'live.db');
    const first = await startServer(databasePath);
    let backupFile: string;
    const before: Ack[] = [];
    const after: Ack[] = [];
    try {
      const add = async (url: string, into: Ack[]) => {
        const res = await first.call('POST', '/v1/links', { url, tags: ['restore'] });
        expect(res.status).toBe(201);
        into.push({ id: ((await res.json()) as { id: number }).id, url });
      };
      await Promise.all(Array.from({ length: 12 }, (_, i) => add(`https://example.org/before/${i}`, before)));
      const res = await first.call('POST', '/v1/admin/backup');
      expect(res.status).toBe(201);
      backupFile = path.join(dir(), 'backups', ((await res.json()) as { name: string }).name);
      await Promise.all(Array.from({ length: 3 }, (_, i) => add(`https://example.org/after/${i}`, after)));
    } finally {
      await first.stop();
    }

    // Stop (done), copy the backup over DATABASE_PATH, remove the -wal and -shm files, start.
    copyFileSync(backupFile, databasePath);
    rmSync(`${databasePath}-wal`, { force: true });
    rmSync(`${databasePath}-shm`, { force: true });
    const second = await startServer(databasePath, {}, first.secret);
    try {
      for (const ack of before) expect(await (await second.call('GET', `/v1/links/${ack.id}`)).json()).toMatchObject({ url: ack.url, tags: ['restore'] });
      for (const ack of after) expect((await second.call('GET', `/v1/links/${ack.id}`)).status).toBe(404);
    } finally {
      await second.stop();
    }
    const restored = inspect(databasePath);
    expect([restored.integrity, restored.foreignKeys, restored.urls.size]).toEqual([['ok'], [], before.length]);
  }, 90_000);

  it('taken while writers keep writing, from the API and the CLI: each copy is intact and holds every write acknowledged before it began', async () => {
    const databasePath = path.join(dir(), 'busy.db');
    const server = await startServer(databasePath);
    const cliCopy = path.join(dir(), 'cli-copy.db');
    let release!: () => void;
    const stopWriting = new Promise<void>((resolve) => (release = resolve));
    const deadline = setTimeout(release, 30_000); // a bound, should a backup hang
    const load = writeLoad(server, 4, stopWriting);
    try {
      await expect.poll(() => load.acked.length, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(20);
      const beforeApi = [...load.acked];
      const res = await server.call('POST', '/v1/admin/backup');
      expect(res.status).toBe(201);
      const apiCopy = path.join(dir(), 'backups', ((await res.json()) as { name: string }).name);
      const duringApi = load.acked.length - beforeApi.length;

      const beforeCli = [...load.acked];
      const out = await cliInBackground(databasePath, ['backup', cliCopy]);
      expect(out.status, out.stderr).toBe(0);
      release();
      await load.finished;

      expect(load.failures, 'every write during the backups succeeded').toEqual([]);
      // The server went on writing while its backup was taken (in a thread, off its event loop).
      expect(duringApi, 'writes acknowledged during the API backup').toBeGreaterThan(0);
      for (const [label, file, acked] of [['API', apiCopy, beforeApi], ['CLI', cliCopy, beforeCli]] as const) {
        const copy = inspect(file);
        expect([copy.integrity, copy.foreignKeys], label).toEqual([['ok'], []]);
        expectAll(copy.urls, acked, label);
      }
    } finally {
      clearTimeout(deadline);
      release();
      await load.finished;
      await server.stop();
    }
    // And the live file has every write of the whole load.
    expectAll(inspect(databasePath).urls, load.acked, 'live');
  }, 90_000);
});

describe('BACKUP_EVERY with WORKERS=2', () => {
  it('is run by one process only: one scheduled backup at start-up, logged as one line', async () => {
    const databasePath = path.join(dir(), 'cluster.db');
    const server = await startServer(databasePath, { WORKERS: '2', BACKUP_EVERY: '1h' });
    try {
      await server.main.waitFor(/"msg":"backup taken"/);
    } finally {
      await server.stop();
    }
    const lines = server.main.output().split('\n').filter((l) => /backup/.test(l) && !l.includes('"msg":"request"'));
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['backup taken']);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', trigger: 'schedule', dir: path.join(dir(), 'backups'), removed: [] });
    expect(readdirSync(path.join(dir(), 'backups'))).toEqual([JSON.parse(lines[0]!).name]);
  }, 90_000);
});
