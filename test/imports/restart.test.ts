import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { netscapeFileText } from '../../bench/bookmark-file.js';
import { cleanUrl } from '../../src/links/canonical-url.js';
import { createImportRunner } from '../../src/imports/import-runner.js';
import { silentLogger } from '../../src/logger.js';
import { cli, spawnMain, tempDirPerTest } from '../helpers/processes.js';
import { createTestApp } from '../helpers/test-app.js';
import { upload } from './helpers.js';

const dir = tempDirPerTest();

async function start(databasePath: string) {
  const main = spawnMain({ PORT: '0', DATABASE_PATH: databasePath, ENRICH: 'off', NODE_ENV: 'production' });
  await main.waitFor(/"msg":"listening"/);
  const base = /"msg":"listening","url":"([^"]+)"/.exec(main.output())![1]!;
  return { main, base };
}

describe('an import across a crash', () => {
  it('resumes after kill -9 from the last committed batch: it finishes, and no page is a link twice', async () => {
    const databasePath = path.join(dir(), 'crash.db');
    const token = cli(databasePath, ['token', 'create', '--name', 'crash', '--role', 'editor']).stdout.trim();
    const { text, entries } = netscapeFileText(20_000, 3);
    const keys = new Set(entries.map((e) => (cleanUrl(e.url) as { ok: true; value: { canonicalKey: string } }).value.canonicalKey));
    const auth = { Authorization: `Bearer ${token}` };

    const first = await start(databasePath);
    let id: number;
    let processedAtKill: number;
    try {
      const res = await fetch(`${first.base}/v1/imports`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/html' }, body: text });
      expect(res.status).toBe(202);
      id = (await res.json()).id;
      // Kill it once a few batches are in.
      for (;;) {
        const state = await (await fetch(`${first.base}/v1/imports/${id}`, { headers: auth })).json();
        if (state.processed >= 2_000) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      first.main.child.kill('SIGKILL');
      await first.main.exited;
    }
    {
      const sqlite = new SQLite(databasePath, { readonly: true });
      processedAtKill = sqlite.prepare('SELECT processed FROM imports WHERE id = ?').pluck().get(id) as number;
      // Every record counted was written with its links: none more, none fewer.
      const links = sqlite.prepare('SELECT count(*) FROM links').pluck().get() as number;
      const counted = sqlite.prepare('SELECT created FROM imports WHERE id = ?').pluck().get(id) as number;
      expect(links).toBe(counted);
      sqlite.close();
    }
    expect(processedAtKill).toBeGreaterThan(0);
    expect(processedAtKill, 'the kill came after the import had finished').toBeLessThan(20_000);

    const second = await start(databasePath);
    try {
      let state: any;
      for (;;) {
        state = await (await fetch(`${second.base}/v1/imports/${id}`, { headers: auth })).json();
        if (state.status === 'done' || state.status === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(state).toMatchObject({ status: 'done', processed: 20_000, total: 20_000 });
      expect(state.counts.created).toBe(keys.size);
      expect(state.counts.created + state.counts.merged + state.counts.skipped + state.counts.invalid).toBe(20_000);
    } finally {
      second.main.child.kill('SIGTERM');
      await second.main.exited;
    }
    const sqlite = new SQLite(databasePath, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) FROM links').pluck().get()).toBe(keys.size);
    expect(sqlite.prepare('SELECT count(DISTINCT canonical_key) FROM links').pluck().get()).toBe(keys.size);
    sqlite.close();
  }, 180_000);
});

describe('an import across a clean stop', () => {
  it('finishes the batch in hand, lets the import go, and the next runner goes on from there', async () => {
    // A folder of the test's own: a runner that made its folder removes it when it stops.
    const t = await createTestApp({}, { imports: { batchRecords: 50, dir: path.join(dir(), 'imports') } });
    try {
      const lines = Array.from({ length: 3_000 }, (_, i) => `https://example.org/stop/${i}`).join('\n');
      const { id } = await (await upload(t, lines)).json();
      const running = t.importRunner.drain();
      let row: any;
      do {
        await new Promise((resolve) => setTimeout(resolve, 5));
        row = t.sqlite.prepare('SELECT processed, claim FROM imports WHERE id = ?').get(id);
      } while (row.processed === 0);
      await t.importRunner.stop();
      await running;
      row = t.sqlite.prepare('SELECT status, processed, claim, created FROM imports WHERE id = ?').get(id);
      expect(row).toMatchObject({ status: 'running', claim: null });
      expect(row.processed).toBeLessThan(3_000);
      expect(t.sqlite.prepare('SELECT count(*) FROM links').pluck().get()).toBe(row.processed);

      const next = createImportRunner({ db: t.db, transact: t.ctx.transact, clock: t.clock, logger: silentLogger, dir: t.importRunner.dir, enrichment: { notify() {} } });
      await next.drain();
      await next.stop();
      expect(t.sqlite.prepare('SELECT status, processed, created FROM imports WHERE id = ?').get(id)).toEqual({ status: 'done', processed: 3_000, created: 3_000 });
      expect(t.sqlite.prepare('SELECT count(*) FROM links').pluck().get()).toBe(3_000);
    } finally {
      await t.close();
    }
  });
});
