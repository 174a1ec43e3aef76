import path from 'node:path';
import type { ServerProcess } from '../bench/server-process.js';
import { startFixturePages } from './fixture-pages.js';
import { createClient } from './http-client.js';
import { Ledger } from './ledger.js';
import { prepareDatabase, startLinkletter, verify, waitForImports, walBytes, type Verdict } from './server.js';
import { seededRandom } from '../bench/bookmark-file.js';
import { startWriters } from './workload.js';

/**
 * Crash rounds (`kill -9`): the server runs as `npm start` runs it on one database file,
 * writers send every kind of write at once (see workload.ts), and at a random moment the
 * server and its workers are killed with SIGKILL. It is started again on the same file, and
 * the file must hold every acknowledged write, pass integrity_check and foreign_key_check,
 * keep its derived data (kept link JSON, tag counts, the search index) equal to its sources,
 * and still have its enrichment jobs and unfinished imports queued. The restarted server is
 * the next round's. At the end every import must have been resumed to its end, and a SIGTERM
 * must leave the file with no claims and no WAL.
 */

export type CrashOptions = {
  rounds: number;
  /** Folder for the database file (and its imports folder). */
  dir: string;
  seed?: number;
  /** Every `clusterEvery`-th start runs WORKERS=2 (0: never). Default 3. */
  clusterEvery?: number;
  /** The kill comes this long after the writers start: uniformly between the two. */
  minMs?: number;
  maxMs?: number;
  editors?: number;
  submitters?: number;
  log?: (line: string) => void;
};

export type CrashSummary = {
  seed: number;
  rounds: number;
  acknowledged: number;
  lost: number;
  /** Checks that failed, over every round and the end. */
  checksFailed: number;
  failures: string[];
  /** Writes the kill left without an answer (cut off). */
  cutOff: number;
  /** Answers no write should get (5xx, a 4xx the workload did not cause). */
  unexpected: string[];
  /** Imports still unfinished after the last restart had a minute to resume them. */
  unfinishedImports: number;
  /** The clean stop at the end: exit code and milliseconds from SIGTERM to exit. */
  stop: { code: number | null; ms: number };
};

export async function runCrashRounds(o: CrashOptions): Promise<CrashSummary> {
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const log = o.log ?? (() => {});
  const databasePath = path.join(o.dir, 'crash.db');
  const token = await prepareDatabase(databasePath);
  const pages = await startFixturePages();
  const ledger = new Ledger();
  const clusterEvery = o.clusterEvery ?? 3;
  const workersFor = (start: number) => (clusterEvery > 0 && start % clusterEvery === clusterEvery - 1 ? 2 : 1);
  const minMs = o.minMs ?? 300;
  const maxMs = o.maxMs ?? 1_500;
  const summary: CrashSummary = { seed, rounds: 0, acknowledged: 0, lost: 0, checksFailed: 0, failures: [], cutOff: 0, unexpected: [], unfinishedImports: 0, stop: { code: null, ms: 0 } };
  const record = (label: string, verdict: Verdict) => {
    summary.lost += verdict.lost;
    summary.checksFailed += verdict.failed.length;
    for (const f of verdict.failed) summary.failures.push(`${label}: ${f.check}: ${f.problems.slice(0, 3).join('; ')}`);
  };

  let server: ServerProcess | undefined = await startLinkletter(databasePath, { origins: pages.origins, workers: workersFor(0) });
  try {
    for (let round = 0; round < o.rounds; round++) {
      const started = performance.now();
      const client = createClient(server.baseUrl);
      const writers = startWriters({ client, ledger, token, run: `r${round}`, origins: pages.origins, random, editors: o.editors ?? 4, submitters: o.submitters ?? 2 });
      const killAfter = minMs + random() * (maxMs - minMs);
      await new Promise((resolve) => setTimeout(resolve, killAfter));
      server.killTree();
      await server.exited;
      await writers.finished;
      client.close();
      summary.cutOff += writers.cutOff.length;
      const before = ledger.acknowledged;

      // Restarted on the same file; its start-up runs quick_check and the migrations first.
      const workers = workersFor(round + 1);
      server = undefined;
      server = await startLinkletter(databasePath, { origins: pages.origins, workers });
      const verdict = verify(databasePath, ledger);
      record(`round ${round + 1}`, verdict);
      summary.rounds++;
      log(
        `round ${round + 1}/${o.rounds}: killed after ${Math.round(killAfter)} ms, ${before} writes acknowledged so far, ` +
          `lost ${verdict.lost}, checks failed ${verdict.failed.length}, restarted with WORKERS=${workers} (${Math.round(performance.now() - started)} ms)`,
      );
      for (const f of verdict.failed) log(`  ${f.check}: ${f.problems.slice(0, 3).join('; ')}`);
    }

    // The imports cut off by the kills go on in the last server, to their end.
    summary.unfinishedImports = await waitForImports(databasePath, ledger);
    if (summary.unfinishedImports > 0) {
      summary.checksFailed++;
      summary.failures.push(`end: ${summary.unfinishedImports} imports were not resumed to their end within a minute`);
    }
    const signalled = performance.now();
    server.signal('SIGTERM');
    const exit = await server.exited;
    server = undefined;
    summary.stop = { code: exit.code, ms: Math.round(exit.at - signalled) };
    if (exit.code !== 0) {
      summary.checksFailed++;
      summary.failures.push(`end: SIGTERM → exit ${exit.code ?? exit.signal}`);
    }
    record('end', verify(databasePath, ledger, { cleanStop: { walBytes: walBytes(databasePath) } }));
  } finally {
    server?.killTree();
    await server?.exited;
    await pages.close();
  }
  summary.acknowledged = ledger.acknowledged;
  summary.unexpected = ledger.unexpected;
  return summary;
}
