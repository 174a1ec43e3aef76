/**
 * The bulk-approve row (issue 13): `POST /v1/links/bulk {ids, action: "approve"}` of 1,000
 * pending links, one transaction per call, timed call by call, with the readers of
 * reads-during.ts timing what a request that arrives meanwhile waits. Each round approves
 * another 1,000 of the seeded pending links (the oldest first), so every call does what the
 * issue names, pending → approved, and nothing has to be set back in between.
 */
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { describeReaders, listAndHealthz, READ_LEAD_MS, readerMeasurement, readsDuring, type ReaderFigures } from './reads-during.js';
import { int, ms } from './report.js';
import type { BenchContext, OnceFigures, OnceResult, Scenario } from './scenarios.js';

/** Ids per call: the API's cap, and the issue's figure. */
const BULK = 1000;
/** Calls one after another: enough reads for a p99 (a call lasts a few hundred ms), few enough for the quick run's ~5,000 pending links. */
const ROUNDS = 5;

/** Pending links of the seeded file (read-only), oldest first, up to `max`. */
function pendingIds(dbPath: string, max: number): number[] {
  const sqlite = new SQLite(dbPath, { readonly: true });
  try {
    return sqlite.prepare(`SELECT id FROM links WHERE status = 'pending' ORDER BY id LIMIT ?`).pluck().all(max) as number[];
  } finally {
    sqlite.close();
  }
}

async function runBulk(ctx: BenchContext, batches: number[][]): Promise<OnceResult> {
  const headers = { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json' };
  const calls: OnceFigures['write']['calls'] = [];
  const readers = listAndHealthz('/v1/links?limit=20', { Authorization: headers.Authorization });
  const during = await readsDuring({ baseUrl: ctx.baseUrl, readers, leadMs: READ_LEAD_MS }, async () => {
    for (const [round, ids] of batches.entries()) {
      const started = performance.now();
      const res = await fetch(`${ctx.baseUrl}/v1/links/bulk`, { method: 'POST', headers, body: JSON.stringify({ ids, action: 'approve' }) });
      const text = await res.text();
      const took = performance.now() - started;
      if (res.status !== 200) throw new Error(`POST /v1/links/bulk (approve, round ${round + 1}) answered ${res.status}: ${text.slice(0, 300)}`);
      const { counts } = JSON.parse(text) as { counts: Record<string, number> };
      calls.push({ body: `{"ids":[${ids.length} pending ids from ${ids[0]}],"action":"approve"}`, status: res.status, ms: took, added: counts.done ?? 0 });
    }
  });

  const [list, healthz] = during.readers as [ReaderFigures, ReaderFigures];
  const times = calls.map((c) => c.ms).sort((a, b) => a - b);
  const short = calls.filter((c) => c.added < BULK).length;
  const detail =
    `${calls.length} × approve ${int(BULK)} pending links, one call (one transaction) each: ${calls.map((c) => ms(c.ms)).join(' + ')} ms ` +
    `(median ${ms(times[Math.floor(times.length / 2)]!)} ms)${short ? ` ⚠ ${short} call(s) approved fewer than ${BULK}` : ''}; ${describeReaders(list, healthz)}`;
  return {
    detail,
    measurement: readerMeasurement(list, during.writeMs),
    figures: { write: { what: 'POST /v1/links/bulk', ms: during.writeMs, calls }, readers: during.readers },
  };
}

export const bulkApprove: Scenario = {
  name: 'bulk-approve',
  label: `POST /v1/links/bulk approve (${int(BULK)} pending links)`,
  target: { kind: 'latency', label: 'reader p99', maxMs: 50 },
  writes: true,
  async prepare(ctx) {
    // A bulk call whose body is refused writes nothing: 422 says the route is there, 404 that it has not landed.
    const res = await fetch(`${ctx.baseUrl}/v1/links/bulk`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [], action: 'approve' }),
    });
    await res.arrayBuffer();
    if (res.status === 404) return 'skipped: POST /v1/links/bulk has not landed';
    if (res.status !== 422) throw new Error(`POST /v1/links/bulk with no ids answered ${res.status}, not 422`);
    const ids = pendingIds(ctx.dbPath, BULK * ROUNDS);
    const rounds = Math.floor(ids.length / BULK);
    if (rounds === 0) return `skipped: only ${ids.length} pending links, ${int(BULK)} needed (seed more links)`;
    const batches = Array.from({ length: rounds }, (_, i) => ids.slice(i * BULK, (i + 1) * BULK));
    return {
      detail: `${rounds} × ${int(BULK)} pending links (the oldest), approved`,
      requests: [],
      once: () => runBulk(ctx, batches),
    };
  },
};
