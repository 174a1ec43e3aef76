/**
 * The import row: a 100,000-bookmark Netscape file (bench/bookmark-file.ts) uploaded to
 * POST /v1/imports and imported to its end, timed once, with readers timing GET /v1/links and
 * GET /healthz all the while, and the server's RSS over the phase. Targets (issue 15): under
 * 60 s, server RSS under 300 MB, the list's p99 under 50 ms.
 */
import { performance } from 'node:perf_hooks';
import { netscapeFile } from './bookmark-file.js';
import { readsDuring, type ReaderFigures } from './reads-during.js';
import { readerMeasurement } from './reads-during.js';
import { type BenchContext, type OnceFigures, type OnceResult, type Scenario } from './scenarios.js';

export const IMPORT_BOOKMARKS = 100_000;
const IMPORT_TARGET_MS = 60_000;
const POLL_MS = 250;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

type ImportState = { id: number; status: string; total: number; processed: number; counts: Record<string, number>; error: string | null };

export const importScenario: Scenario = {
  name: 'import',
  label: `POST /v1/imports (${int(IMPORT_BOOKMARKS)}-bookmark Netscape file)`,
  target: { kind: 'latency', label: 'reader p99', maxMs: 50 },
  writes: true,
  async prepare(ctx) {
    const parts: string[] = [];
    const file = netscapeFile(IMPORT_BOOKMARKS, 2026);
    for (let next = file.next(); !next.done; next = file.next()) parts.push(next.value);
    const body = parts.join('');
    return {
      detail: `${int(IMPORT_BOOKMARKS)} bookmarks, ${mb(Buffer.byteLength(body))}, nested folders, tags, dates, notes`,
      requests: [],
      once: () => runImport(ctx, body),
    };
  },
};

async function runImport(ctx: BenchContext, body: string): Promise<OnceResult> {
  const headers = { Authorization: `Bearer ${ctx.token}` };
  const readers = [
    { path: '/v1/links?limit=20', headers, everyMs: 5 },
    { path: '/healthz', headers: {}, everyMs: 20 },
  ];
  let uploadMs = 0;
  let state: ImportState | undefined;
  const during = await readsDuring({ baseUrl: ctx.baseUrl, readers, leadMs: 100 }, async () => {
    const started = performance.now();
    const res = await fetch(`${ctx.baseUrl}/v1/imports`, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/html' }, body });
    const text = await res.text();
    uploadMs = performance.now() - started;
    if (res.status !== 202) throw new Error(`POST /v1/imports answered ${res.status}: ${text.slice(0, 300)}`);
    const { id } = JSON.parse(text) as ImportState;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      state = (await (await fetch(`${ctx.baseUrl}/v1/imports/${id}`, { headers })).json()) as ImportState;
      if (state.status === 'done' || state.status === 'failed') return;
    }
  });
  if (!state || state.status !== 'done') throw new Error(`the import ended ${state?.status ?? 'nowhere'}: ${state?.error ?? ''}`);

  const [list, healthz] = during.readers as [ReaderFigures, ReaderFigures];
  const measurement = readerMeasurement(list, during.writeMs);
  const rss = ctx.phasePeak?.() ?? 0;
  const c = state.counts;
  const figures: OnceFigures = {
    write: {
      what: `POST /v1/imports → import ${state.id}`,
      ms: during.writeMs,
      calls: [{ body: `${int(Buffer.byteLength(body))} bytes of text/html`, status: 202, ms: uploadMs, added: c.created ?? 0 }],
      note: `${int(state.total)} records: ${int(c.created ?? 0)} created, ${int(c.merged ?? 0)} merged, ${int(c.skipped ?? 0)} skipped, ${int(c.invalid ?? 0)} invalid; server peak RSS ${mb(rss)}`,
    },
    readers: during.readers,
  };
  const verdict = (ok: boolean) => (ok ? '✓' : '✗ missed');
  const detail =
    `import of ${int(state.total)} records: ${ms(during.writeMs / 1000)} s (${verdict(during.writeMs < IMPORT_TARGET_MS)} < 60 s; upload ${ms(uploadMs)} ms), ` +
    `${int(state.total / (during.writeMs / 1000))} records/s, ${int(c.created ?? 0)} links created; server peak RSS ${mb(rss)} (${verdict(rss > 0 && rss < 300e6)} < 300 MB); ` +
    `meanwhile GET ${list.path} every ${list.everyMs} ms: n=${list.n}, max ${ms(list.max)} ms, idle p50 ${ms(list.idle.p50)} ms; ` +
    `GET ${healthz.path}: p99 ${ms(healthz.p99)} ms, max ${ms(healthz.max)} ms`;
  return { detail, measurement, figures };
}
