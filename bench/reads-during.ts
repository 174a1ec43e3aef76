/**
 * One long write, timed once, with readers sampling the server's latency while it runs: what a
 * request that arrives during the write waits. Autocannon is the wrong tool for this (it
 * measures throughput over a fixed time, and each of its connections waits for its previous
 * answer, so a stall of 2 s would count as one slow request); here each reader sends a request
 * every `everyMs` whether or not the previous one has answered (an open loop, from this
 * process), and every request's time from send to last byte counts, including any wait for a
 * free connection: each reader has its own keep-alive agent of at most MAX_SOCKETS sockets,
 * so a stalled server is not also flooded with hundreds of new connections (past its listen
 * backlog, the kernel would drop them and the retries would add whole seconds of their own).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Measurement } from './load.js';
import { ms } from './report.js';

export type Reader = { path: string; headers?: Record<string, string>; everyMs: number };

const MAX_SOCKETS = 32;

/** How long the readers run before the write: connections opened, and an idle reference. */
export const READ_LEAD_MS = 100;

/**
 * The readers of the one-shot rows: `listPath` every 5 ms (what the rows' targets are about),
 * and /healthz every 20 ms, which touches no table: when it stalls as long as the list does,
 * the event loop was blocked, not just the database connection.
 */
export function listAndHealthz(listPath: string, headers: Record<string, string>): Reader[] {
  return [
    { path: listPath, headers, everyMs: 5 },
    { path: '/healthz', headers: {}, everyMs: 20 },
  ];
}

export type ReaderFigures = {
  path: string;
  everyMs: number;
  /** Reads sent from just before the write started until it ended. */
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Non-2xx answers and failed requests among the n. */
  failed: number;
  statusCodes: Record<string, number>;
  /** The same reader just before the write (its lead-in, not counted above): what idle looks like. */
  idle: { n: number; p50: number; max: number };
};

export type DuringOptions = {
  baseUrl: string;
  readers: Reader[];
  /** How long the readers run before the write starts (connections opened, an idle reference). */
  leadMs: number;
};

type Sample = { ms: number; status: number | 'error'; during: boolean };

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** To 0.01 ms: the figures are read by people, and timers are not finer than that anyway. */
const round = (ms: number) => Math.round(ms * 100) / 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts the readers, waits `leadMs`, runs `write` (timed), and stops sending when it settles;
 * reads still in flight then are awaited and counted.
 */
export async function readsDuring<T>(options: DuringOptions, write: () => Promise<T>): Promise<{ value: T; writeMs: number; readers: ReaderFigures[] }> {
  let during = false;
  const loops = options.readers.map((reader) => {
    const samples: Sample[] = [];
    const inFlight: Promise<void>[] = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    const send = () => {
      const counted = during;
      const started = performance.now();
      inFlight.push(
        new Promise<void>((resolve) => {
          const done = (status: number | 'error') => {
            samples.push({ ms: performance.now() - started, status, during: counted });
            resolve();
          };
          const req = http.get(options.baseUrl + reader.path, { agent, headers: reader.headers ?? {} }, (res) => {
            res.resume();
            res.once('end', () => done(res.statusCode ?? 0));
            res.once('error', () => done('error'));
          });
          req.once('error', () => done('error'));
        }),
      );
    };
    send();
    const timer = setInterval(send, reader.everyMs);
    return { reader, samples, inFlight, timer, send, agent };
  });

  await sleep(options.leadMs);
  during = true;
  // The first counted read of each reader goes out just before the write does.
  for (const loop of loops) loop.send();
  const started = performance.now();
  let value: T;
  try {
    value = await write();
  } finally {
    for (const loop of loops) clearInterval(loop.timer);
  }
  const writeMs = performance.now() - started;
  for (const loop of loops) {
    await Promise.all(loop.inFlight);
    loop.agent.destroy();
  }

  const readers = loops.map(({ reader, samples }): ReaderFigures => {
    const counted = samples.filter((s) => s.during);
    const ms = counted.map((s) => s.ms).sort((a, b) => a - b);
    const idle = samples.filter((s) => !s.during).map((s) => s.ms).sort((a, b) => a - b);
    const statusCodes: Record<string, number> = {};
    for (const s of counted) statusCodes[String(s.status)] = (statusCodes[String(s.status)] ?? 0) + 1;
    return {
      path: reader.path,
      everyMs: reader.everyMs,
      n: counted.length,
      p50: round(percentile(ms, 0.5)),
      p99: round(percentile(ms, 0.99)),
      max: round(ms.at(-1) ?? Number.NaN),
      mean: round(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)),
      failed: counted.filter((s) => s.status === 'error' || s.status < 200 || s.status >= 300).length,
      statusCodes,
      idle: { n: idle.length, p50: round(percentile(idle, 0.5)), max: round(idle.at(-1) ?? Number.NaN) },
    };
  });
  return { value: value!, writeMs, readers };
}

/** The list reader's figures in the table's columns (a one-shot row has no throughput: req/s is reads per second of the write). */
export function readerMeasurement(list: ReaderFigures, writeMs: number): Measurement {
  const errors = list.statusCodes['error'] ?? 0;
  return {
    rps: list.n / (writeMs / 1000),
    p50: list.p50,
    p99: list.p99,
    meanLatency: list.mean,
    requests: list.n,
    non2xx: list.failed - errors,
    errors,
    timeouts: 0,
    statusCodes: list.statusCodes,
  };
}

/** What the readers of listAndHealthz saw, in words, for a row's detail (p50/p99 of the list are in the columns). */
export function describeReaders(list: ReaderFigures, healthz: ReaderFigures): string {
  return (
    `meanwhile GET ${list.path} every ${list.everyMs} ms (p50/p99 in the columns): n=${list.n}, max ${ms(list.max)} ms, idle p50 ${ms(list.idle.p50)} ms; ` +
    `GET ${healthz.path} every ${healthz.everyMs} ms: n=${healthz.n}, p99 ${ms(healthz.p99)} ms, max ${ms(healthz.max)} ms`
  );
}
