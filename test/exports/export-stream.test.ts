import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.repository.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import type { AppContext } from '../../src/context.js';
import { tempDirPerTest } from '../helpers/processes.js';
import { createTestApp } from '../helpers/test-app.js';

const dir = tempDirPerTest();

/** `count` links, each with ~3 KB of JSON (a long enrichment error), written in one statement. */
async function seedLinks(ctx: Pick<AppContext, 'transact'>, count: number): Promise<void> {
  await ctx.transact((trx) =>
    sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
      INSERT INTO links (url, canonical_key, status, source, submitter, enrichment_status, enrichment_error, created_at, updated_at)
      SELECT 'https://example.org/p' || i, 'example.org/p' || i, 'approved', 'editor', NULL, 'failed', substr(hex(zeroblob(1500)), 1, 3000),
        '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n`.execute(trx),
  );
}

/** File descriptors this process holds on the database file and its -wal and -shm (Linux), or null where that cannot be told. */
function descriptorsOn(databasePath: string): number | null {
  if (!existsSync('/proc/self/fd')) return null;
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(databasePath)) n++;
    } catch {
      // Closed meanwhile.
    }
  }
  return n;
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('an export in progress', () => {
  it('never holds the write lock: writes during it succeed at once, and it is one snapshot without them', async () => {
    const databasePath = path.join(dir(), 'export.db');
    const t = await createTestApp({}, { databasePath });
    try {
      await seedLinks(t.ctx, 3_000);
      const res = await t.request('GET', '/v1/export?format=json');
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);

      // Another connection takes the write lock at once (no busy wait), while the export is open…
      const other = new SQLite(databasePath);
      other.pragma('busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE; UPDATE links SET title = \'by another process\' WHERE id = 1; COMMIT');
      other.close();
      // …and the API's writes go on, promptly.
      const started = performance.now();
      const created = await t.request('POST', '/v1/links', { body: { url: 'https://example.org/during-the-export', title: 'Written during it' } });
      expect(created.status).toBe(201);
      expect(performance.now() - started).toBeLessThan(1_000);

      const chunks = [Buffer.from(first.value!)];
      for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(Buffer.from(r.value));
      const dump = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      // The snapshot of when it began: neither write is in it.
      expect(dump.links).toHaveLength(3_000);
      expect(dump.linkletter.counts.links).toBe(3_000);
      expect(dump.links[0].title).toBeNull();
      expect(dump.links.some((l: any) => l.url === 'https://example.org/during-the-export')).toBe(false);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('closes its connection when the client goes away mid-way', async () => {
    const databasePath = path.join(dir(), 'disconnect.db');
    const running = await startServer(testConfig({ port: 0, databasePath }), { logger: silentLogger });
    try {
      await seedLinks(running.ctx, 10_000); // ~30 MB of JSON: far more than the sockets buffer
      const { secret } = await running.ctx.transact((trx) => createToken(trx, { name: 'exporter', role: 'editor', now: new Date() }));
      const idle = descriptorsOn(databasePath);

      // Three times: a client that reads the first chunk and hangs up.
      for (let round = 0; round < 3; round++) {
        const request = http.get({ host: '127.0.0.1', port: running.port, path: '/v1/export?format=json', headers: { Authorization: `Bearer ${secret}` } });
        const response = await new Promise<http.IncomingMessage>((resolve, reject) => request.on('response', resolve).on('error', reject));
        expect(response.statusCode).toBe(200);
        await new Promise((resolve) => response.once('data', resolve));
        response.pause();
        // The export's own connection is open…
        const during = descriptorsOn(databasePath);
        if (idle !== null) expect(during).toBeGreaterThan(idle + 1);
        request.on('error', () => {}).destroy();
        // …and closed once the client is gone, long before the export could have ended. (SQLite
        // keeps one descriptor of a closed connection for the next, while another connection of the
        // process holds locks on the file: at most one more than before, however many exports went.)
        if (idle !== null) await until(() => descriptorsOn(databasePath)! <= idle + 1);
      }
      // No snapshot is left behind: a write, then a checkpoint that needs every reader gone, complete.
      await running.ctx.transact((trx) => sql`UPDATE links SET title = 'after' WHERE id = 1`.execute(trx));
      const checkpoint = new SQLite(databasePath);
      checkpoint.pragma('busy_timeout = 0');
      // The server's checkpointing thread may hold the checkpoint for a moment: busy then, not stuck.
      let result: unknown;
      await until(() => {
        result = checkpoint.pragma('wal_checkpoint(TRUNCATE)');
        return (result as { busy: number }[])[0]!.busy === 0;
      });
      expect(result).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
      checkpoint.close();
    } finally {
      await running.stop();
    }
  }, 60_000);
});
