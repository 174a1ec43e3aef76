/**
 * The export row: GET /v1/export?format=json of every link, timed once from the request to the
 * last byte (read as it streams, counted, never kept), with readers timing GET /v1/links and
 * GET /healthz all the while, and the server's RSS over the phase. Targets (issue 15): at 1M
 * links at least 50,000 links a second, server RSS under 300 MB.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { listAndHealthz, readerMeasurement, readsDuring, type ReaderFigures } from './reads-during.js';
import { auth, type BenchContext, type OnceResult, type Scenario } from './scenarios.js';

const TARGET_RATE = 50_000;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

export const exportScenario: Scenario = {
  name: 'export',
  label: 'GET /v1/export?format=json (every link)',
  target: { kind: 'rate', label: 'links/s', min: TARGET_RATE },
  async prepare(ctx) {
    return { detail: `every link of the database as JSON (${int(ctx.links)} seeded)`, requests: [], once: () => runExport(ctx) };
  },
};

type Streamed = { status: number; bytes: number; links: number; firstByteMs: number; complete: boolean };

/** Reads the export as it streams: its size, the link count in its header, whether it ends as a dump ends. */
function streamExport(ctx: BenchContext): Promise<Streamed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(`${ctx.baseUrl}/v1/export?format=json`, { headers: auth(ctx) }, (res) => {
      let bytes = 0;
      let head = '';
      let tail = '';
      let firstByteMs = 0;
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        if (head.length < 4096) head += chunk.toString('utf8', 0, Math.min(chunk.length, 4096));
        tail = (tail + chunk.toString('utf8', Math.max(0, chunk.length - 16))).slice(-16);
      });
      res.on('end', () => {
        const counts = /"counts":\{"links":(\d+)/.exec(head);
        resolve({ status: res.statusCode ?? 0, bytes, links: counts ? Number(counts[1]) : 0, firstByteMs, complete: tail.endsWith(']}\n') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function runExport(ctx: BenchContext): Promise<OnceResult> {
  // The phase began just now: its peak so far is the server's RSS before the export.
  const before = ctx.phasePeak?.() ?? 0;
  const during = await readsDuring({ baseUrl: ctx.baseUrl, readers: listAndHealthz('/v1/links?limit=20', auth(ctx)), leadMs: 100 }, () => streamExport(ctx));
  const streamed = during.value;
  if (streamed.status !== 200 || !streamed.complete) throw new Error(`GET /v1/export answered ${streamed.status}, ${streamed.complete ? 'complete' : 'cut short'} after ${streamed.bytes} bytes`);
  const [list, healthz] = during.readers as [ReaderFigures, ReaderFigures];
  const seconds = during.writeMs / 1000;
  const rate = streamed.links / seconds;
  const rss = ctx.phasePeak?.() ?? 0;
  const verdict = (ok: boolean) => (ok ? '✓' : '✗ missed');
  const detail =
    `export of ${int(streamed.links)} links: ${ms(seconds)} s, ${int(rate)} links/s (${verdict(rate >= TARGET_RATE)} ≥ ${int(TARGET_RATE)}), ` +
    `${mb(streamed.bytes)} at ${mb(streamed.bytes / seconds)}/s, first byte after ${ms(streamed.firstByteMs)} ms; server peak RSS ${mb(rss)} (${verdict(rss > 0 && rss < 300e6)} < 300 MB; ${mb(before)} before it); ` +
    `meanwhile GET ${list.path} every ${list.everyMs} ms: n=${list.n}, max ${ms(list.max)} ms, idle p50 ${ms(list.idle.p50)} ms; ` +
    `GET ${healthz.path}: p99 ${ms(healthz.p99)} ms, max ${ms(healthz.max)} ms`;
  return {
    detail,
    rate,
    measurement: readerMeasurement(list, during.writeMs),
    figures: {
      write: {
        what: 'GET /v1/export?format=json',
        ms: during.writeMs,
        calls: [{ body: `${int(streamed.bytes)} bytes of application/json`, status: streamed.status, ms: during.writeMs, added: 0 }],
        note: `${int(streamed.links)} links, ${int(rate)} links/s; server RSS ${mb(before)} before, peak ${mb(rss)} during`,
      },
      readers: during.readers,
    },
  };
}
