import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { ServerProcess } from '../bench/server-process.js';
import { startFixturePages, type FixturePages } from './fixture-pages.js';
import { createClient, quantile, type Client } from './http-client.js';
import { Ledger } from './ledger.js';
import { prepareDatabase, startLinkletter, verify, waitForImports, walBytes } from './server.js';
import { seededRandom } from '../bench/bookmark-file.js';
import { startReaders, startWriters, type Random, type Readers, type Writers } from './workload.js';

/**
 * Mixed load for a bounded time: many readers, several editors writing every kind of write,
 * public submissions from many addresses, imports, the enrichment worker fetching the fixture
 * pages, and an export when the server has one. Afterwards: no 5xx, no SQLITE_BUSY in any
 * answer, no error logged, every acknowledged write in the file, every check passing; the
 * reads' p99 is reported.
 */

export type LoadShape = { readers: number; editors: number; submitters: number; slowShare?: number; importSize?: number };

export const DEFAULT_SHAPE: LoadShape = { readers: 16, editors: 4, submitters: 2, importSize: 200 };

export type ExportStep = {
  /** Why exports were left out (the route is not there), or null when they ran. */
  note: string | null;
  /** Exports read in full. */
  count: number;
  failures: string[];
  /** Exports whose connection failed (refused, reset): a failure under load, expected once the server stops. */
  cutOff: string[];
  stop(): void;
  finished: Promise<void>;
};

export const EXPORT_TARGET = '/v1/export?format=json';

/**
 * Exports, one after another, while the load runs. A server without the route (a 404 or
 * 405: an older build under test) leaves it out with a note.
 */
export async function startExports(client: Client, token: string): Promise<ExportStep> {
  const probe = await client.request('GET', EXPORT_TARGET, { token });
  if (probe.status === 404 || probe.status === 405) {
    return { note: `skipped: GET ${EXPORT_TARGET} answered ${probe.status} (no export route on this server)`, count: 0, failures: [], cutOff: [], stop() {}, finished: Promise.resolve() };
  }
  let stopping = false;
  const step: ExportStep = { note: null, count: probe.status === 200 ? 1 : 0, failures: probe.status === 200 ? [] : [`GET ${EXPORT_TARGET} → ${probe.status}`], cutOff: [], stop: () => void (stopping = true), finished: Promise.resolve() };
  step.finished = (async () => {
    while (!stopping) {
      try {
        const a = await client.request('GET', EXPORT_TARGET, { token });
        if (a.status === 200) step.count++;
        else step.failures.push(`GET ${EXPORT_TARGET} → ${a.status} ${a.text.slice(0, 200)}`);
      } catch (err) {
        step.cutOff.push(`GET ${EXPORT_TARGET}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return;
      }
    }
  })();
  return step;
}

export type Load = { writers: Writers; readers: Readers; exports: ExportStep; stop(): Promise<void> };

/** Starts the whole load against `client`; stop() asks every loop to end and waits for them. */
export async function startLoad(o: { client: Client; ledger: Ledger; token: string; pages: FixturePages; random: Random; shape: LoadShape; run: string }): Promise<Load> {
  const { client, ledger, token, random, shape } = o;
  const exports = await startExports(client, token);
  const writers = startWriters({ client, ledger, token, run: o.run, origins: o.pages.origins, random, editors: shape.editors, submitters: shape.submitters, slowShare: shape.slowShare, importSize: shape.importSize });
  const readers = startReaders({ client, ledger, token, random, count: shape.readers });
  return {
    writers,
    readers,
    exports,
    async stop() {
      writers.stop();
      readers.stop();
      exports.stop();
      await Promise.all([writers.finished, readers.finished, exports.finished]);
    },
  };
}

export type LoadSummary = {
  workers: number;
  seconds: number;
  reads: number;
  readP50: number;
  readP99: number;
  readMax: number;
  /** p99 of each kind of read. */
  readP99ByKind: Record<string, number>;
  writesAcknowledged: number;
  /** Answers with status >= 500, and answers whose body names SQLITE_BUSY. */
  fiveXx: string[];
  busy: string[];
  /** Reads or writes answered otherwise than the workload expects, or cut off. */
  unexpected: string[];
  /** Lines the server logged at level error. */
  errorsLogged: string[];
  lost: number;
  checksFailed: number;
  failures: string[];
  /** Pages the enrichment worker fetched during the load. */
  pagesFetched: number;
  exportNote: string | null;
  exports: number;
  stop: { code: number | null; ms: number };
};

export async function runMixedLoad(o: { dir: string; workers: number; seconds: number; shape?: LoadShape; seed?: number; env?: Record<string, string> }): Promise<LoadSummary> {
  const random = seededRandom(o.seed ?? Math.floor(Math.random() * 2 ** 31));
  const databasePath = path.join(o.dir, `load-${o.workers}.db`);
  const token = await prepareDatabase(databasePath);
  const pages = await startFixturePages();
  const ledger = new Ledger();
  const shape = o.shape ?? DEFAULT_SHAPE;
  let server: ServerProcess | undefined = await startLinkletter(databasePath, { origins: pages.origins, workers: o.workers, env: o.env });
  const client = createClient(server.baseUrl, { connections: shape.readers + shape.editors + shape.submitters + 2 });
  try {
    await warmUp(client, token, pages, databasePath);
    const load = await startLoad({ client, ledger, token, pages, random, shape, run: 'load' });
    await new Promise((resolve) => setTimeout(resolve, o.seconds * 1_000));
    await load.stop();
    const fetchedBefore = pages.served();
    const unfinished = await waitForImports(databasePath, ledger, 30_000);
    const signalled = performance.now();
    server.signal('SIGTERM');
    const exit = await server.exited;
    const output = server.output();
    server = undefined;
    const verdict = verify(databasePath, ledger, { cleanStop: { walBytes: walBytes(databasePath) } });
    const latencies = load.readers.latencies;
    const failures = verdict.failed.map((f) => `${f.check}: ${f.problems.slice(0, 3).join('; ')}`);
    if (unfinished > 0) failures.push(`${unfinished} imports unfinished 30 s after the load`);
    if (exit.code !== 0) failures.push(`SIGTERM → exit ${exit.code ?? exit.signal}`);
    return {
      workers: o.workers,
      seconds: o.seconds,
      reads: latencies.length,
      readP50: quantile(latencies, 0.5),
      readP99: quantile(latencies, 0.99),
      readMax: quantile(latencies, 1),
      readP99ByKind: Object.fromEntries([...load.readers.byKind].map(([kind, ms]) => [kind, quantile(ms, 0.99)])),
      writesAcknowledged: ledger.acknowledged,
      fiveXx: client.problems.fiveXx,
      busy: client.problems.busy,
      unexpected: [...ledger.unexpected, ...load.writers.cutOff, ...load.readers.failures, ...load.readers.cutOff, ...load.exports.failures, ...load.exports.cutOff],
      errorsLogged: output.split('\n').filter((line) => line.includes('"level":"error"')),
      lost: verdict.lost,
      checksFailed: failures.length,
      failures,
      pagesFetched: fetchedBefore,
      exportNote: load.exports.note,
      exports: load.exports.count,
      stop: { code: exit.code, ms: Math.round(exit.at - signalled) },
    };
  } finally {
    client.close();
    server?.killTree();
    await server?.exited;
    await pages.close();
  }
}

/**
 * A server that has been running a while: its page parser threads have started (the first
 * parse waits for a thread to load its code, seconds on a busy machine) and the first
 * requests have been compiled. A few links are added and fetched before the load begins.
 */
async function warmUp(client: Client, token: string, pages: FixturePages, databasePath: string): Promise<void> {
  for (const origin of pages.origins) {
    const a = await client.request('POST', '/v1/links', { token, json: { url: `${origin}/warm-up` } });
    if (a.status !== 201) throw new Error(`warm-up: POST /v1/links → ${a.status} ${a.text}`);
  }
  const sqlite = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  try {
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline && (sqlite.prepare("SELECT count(*) FROM links WHERE enrichment_status = 'pending'").pluck().get() as number) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    sqlite.close();
  }
}

/** One line for a report. */
export function describeLoad(s: LoadSummary): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return (
    `WORKERS=${s.workers}, ${s.seconds} s: ${s.reads} reads (p50 ${ms(s.readP50)}, p99 ${ms(s.readP99)}, max ${ms(s.readMax)}), ` +
    `${s.writesAcknowledged} writes acknowledged, ${s.pagesFetched} pages fetched, exports: ${s.exportNote ?? s.exports}; ` +
    `5xx ${s.fiveXx.length}, SQLITE_BUSY ${s.busy.length}, unexpected ${s.unexpected.length}, errors logged ${s.errorsLogged.length}, ` +
    `lost ${s.lost}, checks failed ${s.checksFailed}; stopped in ${s.stop.ms} ms (exit ${s.stop.code})`
  );
}
