import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { tempDirPerTest } from '../helpers/processes.js';
import { createTestApp } from '../helpers/test-app.js';

const dir = tempDirPerTest();

describe('database', () => {
  it('opens with the production pragmas', async () => {
    const handle = openDatabase(path.join(dir(), 'p.db'), { mmapSize: 1024 * 1024 });
    const p = (name: string) => handle.sqlite.pragma(name, { simple: true });
    expect(p('journal_mode')).toBe('wal');
    expect(p('synchronous')).toBe(1); // NORMAL
    expect(p('busy_timeout')).toBe(5000);
    expect(p('foreign_keys')).toBe(1);
    expect(p('journal_size_limit')).toBe(64 * 1024 * 1024);
    // handle.sqlite is the writer: reads have their own connection, with the map and most of the cache.
    expect(p('cache_size')).toBe(-16384);
    expect(p('temp_store')).toBe(2); // MEMORY
    expect(p('mmap_size')).toBe(0);
    await handle.close();
    const memory = openDatabase(':memory:');
    expect(memory.sqlite.pragma('cache_size', { simple: true })).toBe(-65536);
    await memory.close();
  });

  it('with checkpointThread, checkpoints the WAL on its own thread, not at commit, and hands it back when closed', async () => {
    const file = path.join(dir(), 'c.db');
    const handle = openDatabase(file, { checkpointThread: true });
    expect(handle.checkpointThread).toBe(true);
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    handle.sqlite.exec('CREATE TABLE t (v TEXT)');
    const insert = handle.sqlite.prepare('INSERT INTO t VALUES (?)');
    handle.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(1000));
    })();
    // The thread copies the WAL back by itself: soon a checkpoint finds nothing left to copy.
    const other = openDatabase(file);
    let left = Infinity;
    for (let tries = 0; tries < 100 && left > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [row] = handle.sqlite.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
      left = row!.log - row!.checkpointed;
    }
    expect(left).toBe(0);
    await other.close();
    const sqlite = handle.sqlite;
    await handle.close();
    expect(sqlite.open).toBe(false);
  });

  it('checkpoints at commit as usual without checkpointThread', async () => {
    const handle = openDatabase(path.join(dir(), 'n.db'));
    expect(handle.checkpointThread).toBe(false);
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await handle.close();
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
});
