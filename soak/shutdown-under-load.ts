import net from 'node:net';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { seededRandom } from '../bench/bookmark-file.js';
import type { ServerProcess } from '../bench/server-process.js';
import { rawConnect, type RawConnection } from '../test/helpers/raw-http.js';
import { startFixturePages } from './fixture-pages.js';
import { createClient } from './http-client.js';
import { Ledger } from './ledger.js';
import { startLoad, type LoadShape } from './mixed-load.js';
import { prepareDatabase, startLinkletter, verify, walBytes } from './server.js';

/**
 * SIGTERM in the middle of the mixed load, with some fetches of the enrichment worker
 * waiting on slow pages and a few POSTs held half-sent (so they are surely in flight when the
 * signal lands): the held requests are answered in full, with `Connection: close`; a new
 * connection is refused once every process has begun to stop; the worker puts back the jobs
 * it had not finished (no claim left, no attempt counted); the database is closed with its
 * WAL folded in (no -wal file, or an empty one); the process exits 0 within the grace period.
 */

export type ShutdownSummary = {
  workers: number;
  exitCode: number | null;
  /** SIGTERM → exit, and the last held response → exit. */
  signalToExitMs: number;
  lastAnswerToExitMs: number;
  /** Held POSTs, and those answered 201 with Connection: close. */
  held: number;
  heldAnswered: number;
  /** Whether a connection made after every process logged `shutting down`, while the held requests were still open, was refused. */
  newConnectionRefused: boolean;
  /** Page fetches the stop cut short, and how many of their links are still queued with no attempt counted. */
  fetchesCutShort: number;
  jobsPutBack: number;
  walBytes: number;
  writesAcknowledged: number;
  fiveXx: string[];
  busy: string[];
  lost: number;
  failures: string[];
};

/** The server's grace period for in-flight requests (src/server.ts stop()). */
export const GRACE_MS = 10_000;

const SHAPE: LoadShape = { readers: 12, editors: 3, submitters: 1, slowShare: 0.25, importSize: 200 };

/** A POST /v1/links the server has begun (it answered 100-continue) with half its body. */
async function heldPost(port: number, token: string, url: string): Promise<{ conn: RawConnection; finish(): void }> {
  const conn = await rawConnect(port);
  const body = JSON.stringify({ url });
  const half = Math.floor(body.length / 2);
  conn.send(
    `POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  const interim = await conn.next();
  if (interim?.status !== 100) throw new Error(`held POST: expected 100 Continue, got ${interim?.status}`);
  conn.send(body.slice(0, half));
  return { conn, finish: () => conn.send(body.slice(half)) };
}

/** Whether a new TCP connection to `port` is refused (an accepted one is closed at once). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

export async function runShutdownUnderLoad(o: { dir: string; workers: number; loadMs: number; seed?: number }): Promise<ShutdownSummary> {
  const random = seededRandom(o.seed ?? Math.floor(Math.random() * 2 ** 31));
  const databasePath = path.join(o.dir, `sigterm-${o.workers}.db`);
  const token = await prepareDatabase(databasePath);
  // Slow pages outlast any run, and so does the job deadline: a fetch cut short is one the stop cut.
  const pages = await startFixturePages({ slowMs: 120_000 });
  const ledger = new Ledger();
  let server: ServerProcess | undefined = await startLinkletter(databasePath, { origins: pages.origins, workers: o.workers, env: { FETCH_TIMEOUT_MS: '120000' } });
  const client = createClient(server.baseUrl, { connections: 32 });
  const port = Number(new URL(server.baseUrl).port);
  const failures: string[] = [];
  try {
    const load = await startLoad({ client, ledger, token, pages, random, shape: SHAPE, run: 'sigterm' });
    await new Promise((resolve) => setTimeout(resolve, o.loadMs));
    // A slow page or two being fetched (bounded wait: the worker takes links by hand first).
    for (let waited = 0; pages.openSlow() === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const held = await Promise.all(Array.from({ length: 2 * o.workers }, (_, i) => heldPost(port, token, `${pages.origins[0]}/held/${i}`)));

    const signalled = performance.now();
    server.signal('SIGTERM');
    await server.waitForOutput(/"msg":"shutting down"/, o.workers, GRACE_MS);
    // Each process closes its listener as it logs that line; with WORKERS the primary closes
    // the shared one once no worker listens. A moment for the last of it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const newConnectionRefused = await refused(port);

    for (const h of held) h.finish();
    const answers = await Promise.all(held.map((h) => h.conn.next()));
    const answeredAt = performance.now();
    let heldAnswered = 0;
    answers.forEach((a, i) => {
      if (a?.status === 201 && a.headers.connection === 'close') {
        heldAnswered++;
        const link = JSON.parse(a.body) as { id: number; url: string };
        ledger.group(`held ${i}`).model.links[link.id] = { url: link.url, title: null, tags: [], issue: null };
        ledger.groups.at(-1)!.acknowledged++;
      } else {
        failures.push(`held POST ${i} → ${a ? `${a.status} (Connection: ${a.headers.connection}) ${a.body.slice(0, 200)}` : 'no answer'}`);
      }
    });
    const exit = await server.exited;
    server = undefined;
    // The loops end as their next request finds the port closed.
    await load.stop();

    const wal = walBytes(databasePath);
    const cutShort = pages.abandoned().filter((p) => p.startsWith('/slow/'));
    const sqlite = new SQLite(databasePath, { readonly: true, fileMustExist: true });
    let jobsPutBack = 0;
    try {
      const queued = sqlite.prepare(
        "SELECT count(*) FROM links l JOIN enrichment_jobs j ON j.link_id = l.id WHERE l.url LIKE '%' || ? AND l.enrichment_status = 'pending' AND j.attempts = 0 AND j.locked_until IS NULL",
      );
      for (const p of cutShort) jobsPutBack += queued.pluck().get(p) as number;
    } finally {
      sqlite.close();
    }
    const verdict = verify(databasePath, ledger, { cleanStop: { walBytes: wal } });
    failures.push(...verdict.failed.map((f) => `${f.check}: ${f.problems.slice(0, 3).join('; ')}`));
    return {
      workers: o.workers,
      exitCode: exit.code,
      signalToExitMs: Math.round(exit.at - signalled),
      lastAnswerToExitMs: Math.round(exit.at - answeredAt),
      held: held.length,
      heldAnswered,
      newConnectionRefused,
      fetchesCutShort: cutShort.length,
      jobsPutBack,
      walBytes: wal,
      writesAcknowledged: ledger.acknowledged,
      fiveXx: client.problems.fiveXx,
      busy: client.problems.busy,
      lost: verdict.lost,
      failures: [...failures, ...ledger.unexpected, ...load.readers.failures, ...load.exports.failures],
    };
  } finally {
    client.close();
    server?.killTree();
    await server?.exited;
    await pages.close();
  }
}

export function describeShutdown(s: ShutdownSummary): string {
  return (
    `WORKERS=${s.workers}: exit ${s.exitCode} ${s.signalToExitMs} ms after SIGTERM (${s.lastAnswerToExitMs} ms after the last held answer); ` +
    `held POSTs answered ${s.heldAnswered}/${s.held}; new connection refused: ${s.newConnectionRefused}; ` +
    `fetches cut short ${s.fetchesCutShort}, their jobs put back ${s.jobsPutBack}; -wal ${s.walBytes} bytes; ` +
    `${s.writesAcknowledged} writes acknowledged, 5xx ${s.fiveXx.length}, SQLITE_BUSY ${s.busy.length}, lost ${s.lost}, failures ${s.failures.length}`
  );
}
