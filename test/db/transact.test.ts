import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTransact, type Transact, type Trx } from '../../src/db/transact.js';
import { TransactionMisuse } from '../../src/db/write-scope.js';
import { findLinkById } from '../../src/links/links.repository.js';

// Group commit is about what other connections see and when, so these tests use a database
// file and a second connection to it, as another process (the CLI, a worker) would have.
let dir: string;
let handle: DbHandle;
let other: SQLite.Database;
let transact: Transact;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'linkletter-transact-'));
  handle = openDatabase(path.join(dir, 'test.db'));
  await migrateToLatest(handle);
  other = new SQLite(path.join(dir, 'test.db'));
  transact = createTransact(handle.db);
});
afterEach(async () => {
  other.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const put = (trx: Trx, key: string) => sql`INSERT INTO settings (key, value) VALUES (${key}, 'v')`.execute(trx);
const keysSeenBy = async (trx: Trx) => (await sql<{ key: string }>`SELECT key FROM settings WHERE key LIKE 'k%' ORDER BY key`.execute(trx)).rows.map((r) => r.key);
const committedKeys = () => (other.prepare("SELECT key FROM settings WHERE key LIKE 'k%' ORDER BY key").pluck().all() as string[]);

describe('transact (group commit)', () => {
  it('runs writes that arrive together in one transaction and settles them after its commit', async () => {
    const seen: { inside: string[]; committed: string[] }[] = [];
    const writes = ['k1', 'k2', 'k3'].map((key) =>
      transact(async (trx) => {
        await put(trx, key);
        seen.push({ inside: await keysSeenBy(trx), committed: committedKeys() });
        return key;
      }),
    );
    expect(await Promise.all(writes)).toEqual(['k1', 'k2', 'k3']);
    // Each piece saw the ones before it, and nobody outside saw any of them until the commit.
    expect(seen).toEqual([
      { inside: ['k1'], committed: [] },
      { inside: ['k1', 'k2'], committed: [] },
      { inside: ['k1', 'k2', 'k3'], committed: [] },
    ]);
    expect(committedKeys()).toEqual(['k1', 'k2', 'k3']);
  });

  it('undoes a piece that throws, alone, and commits the others', async () => {
    const results = await Promise.allSettled([
      transact((trx) => put(trx, 'k1')),
      transact(async (trx) => {
        await put(trx, 'k2');
        throw new Error('no, thanks');
      }),
      transact((trx) => put(trx, 'k3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('no, thanks');
    expect(committedKeys()).toEqual(['k1', 'k3']);
  });

  it('rejects every piece when the commit fails, and writes nothing', async () => {
    const results = await Promise.allSettled([
      transact((trx) => put(trx, 'k1')),
      transact(async (trx) => {
        // A deferred foreign key is checked at COMMIT: this makes the shared COMMIT fail.
        await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
        await sql`INSERT INTO link_tags (tag_id, link_id) VALUES (12345, 67890)`.execute(trx);
      }),
      transact(async () => {
        throw new Error('its own failure');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/FOREIGN KEY/);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/FOREIGN KEY/);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('its own failure');
    expect(committedKeys()).toEqual([]);
    // And the next writes go through as usual.
    await transact((trx) => put(trx, 'k4'));
    expect(committedKeys()).toEqual(['k4']);
  });

  it('starts a new group for writes that come while one is being written', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = transact(async (trx) => {
      await put(trx, 'k1');
      await gate; // the first group stays open until the second write has arrived
    });
    await new Promise((resolve) => setImmediate(resolve));
    let seenBySecond: string[] = [];
    const second = transact(async (trx) => {
      seenBySecond = committedKeys();
      await put(trx, 'k2');
    });
    release();
    await Promise.all([first, second]);
    // The second write ran only after the first group had committed: a group of its own.
    expect(seenBySecond).toEqual(['k1']);
    expect(committedKeys()).toEqual(['k1', 'k2']);
  });
});

describe('transact misuse', () => {
  const misuse = /inside a transact\(\) callback would wait forever/;

  it('fails at once, instead of hanging, when a callback queries through db', async () => {
    await transact((trx) => put(trx, 'k0'));
    const read = transact(async () => (await sql<{ key: string }>`SELECT key FROM settings`.execute(handle.db)).rows);
    await expect(read).rejects.toThrow(misuse);
    await expect(transact(async () => findLinkById(handle.db, 1))).rejects.toThrow(TransactionMisuse);
    // The transaction went on without the failed piece, and the connection is free again.
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM settings WHERE key = 'k0'`.execute(handle.db)).rows[0]?.n).toBe(1);
  });

  it('fails at once when a callback starts another transact', async () => {
    await expect(transact(async (trx) => { await put(trx, 'k1'); await transact((inner) => put(inner, 'k2')); })).rejects.toThrow(misuse);
    expect(committedKeys()).toEqual([]);
    await transact((trx) => put(trx, 'k3'));
    expect(committedKeys()).toEqual(['k3']);
  });

  it('gives every piece the error that made SQLite give up the whole transaction', async () => {
    const results = await Promise.allSettled([
      transact((trx) => put(trx, 'k1')),
      // OR ROLLBACK: SQLite ends the transaction itself; a ROLLBACK after it would fail with
      // "no transaction is active", which says nothing of what happened.
      transact((trx) => sql`INSERT OR ROLLBACK INTO settings (key, value) VALUES ('cursor_key', 'x')`.execute(trx)),
      transact((trx) => put(trx, 'k3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) expect((r as PromiseRejectedResult).reason.message).toMatch(/UNIQUE constraint failed/);
    expect(committedKeys()).toEqual([]);
    await transact((trx) => put(trx, 'k4'));
    expect(committedKeys()).toEqual(['k4']);
  });

  it('lets a timer started inside a callback query through db once it fires', async () => {
    let fired!: Promise<unknown>;
    await transact(async (trx) => {
      await put(trx, 'k1');
      fired = new Promise((resolve, reject) => {
        setTimeout(() => sql`SELECT count(*) AS n FROM settings`.execute(handle.db).then(resolve, reject), 0);
      });
    });
    await expect(fired).resolves.toBeDefined();
  });

  it('refuses a write outside a transaction', async () => {
    await expect(sql`INSERT INTO settings (key, value) VALUES ('k9', 'v')`.execute(handle.db)).rejects.toThrow(/writes go through transact/);
    expect(committedKeys()).toEqual([]);
  });

  it('leaves reads through db outside transact alone, also while a group is open', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writing = transact(async (trx) => {
      await put(trx, 'k1');
      await gate;
    });
    await new Promise((resolve) => setImmediate(resolve));
    // Another request's read does not wait for the open group (it reads on the other
    // connection) and sees only what is committed; once the group has committed, it sees that.
    const during = await sql<{ key: string }>`SELECT key FROM settings WHERE key LIKE 'k%'`.execute(handle.db);
    expect(during.rows).toEqual([]);
    release();
    await writing;
    const after = await sql<{ key: string }>`SELECT key FROM settings WHERE key LIKE 'k%'`.execute(handle.db);
    expect(after.rows.map((r) => r.key)).toEqual(['k1']);
  });
});
