import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(FIXTURES + name);
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** TCP connections accepted. */
  connections: number;
  /** HTTP requests received. */
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, port 0. */
export async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    state.requests.push(req);
    handler(req, res);
  });
  const state: TestServer = {
    origin: '',
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

/** Tracks servers started in a test so afterEach can close them all. */
export class Servers {
  private list: TestServer[] = [];
  async start(handler: http.RequestListener): Promise<TestServer> {
    const s = await startServer(handler);
    this.list.push(s);
    return s;
  }
  async closeAll(): Promise<void> {
    const l = this.list;
    this.list = [];
    await Promise.all(l.map((s) => s.close()));
  }
}

/** An injected resolver: host name → addresses. Unknown names fail with ENOTFOUND. Never touches DNS. */
export function fakeLookup(map: Record<string, string[]>, calls: string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    calls.push(hostname);
    setImmediate(() => {
      const addrs = map[hostname];
      if (!addrs || addrs.length === 0) {
        const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        err.code = 'ENOTFOUND';
        callback(err, '');
        return;
      }
      const list = addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Serves a fixed body. */
export function sendPage(body: string | Buffer, contentType = 'text/html; charset=utf-8'): http.RequestListener {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/**
 * Time this thread has spent runnable but waiting for a CPU, in ms (Linux's schedstat); null
 * where the system does not say.
 */
function cpuQueueWaitMs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return null;
  }
}

/** How late each probe was answered: in all (`wall`), and without the time the OS kept this thread waiting for a CPU (`own`). */
export type Lateness = { wall: number[]; own: number[] };

/**
 * Sends `probe` every `intervalMs` until `job` settles, and says how late each answer was:
 * from when the probe was due to when it was answered. A blocked event loop delays the timer
 * and the answer, and the whole delay counts; the schedule then restarts from now, so one
 * block makes one late sample, not a run of them.
 *
 * `own` takes out what other processes caused: on a shared machine whose CPUs are busy with
 * other work, the thread waits in the run queue now and then (an idle app sees stalls of a
 * hundred milliseconds and more that way). Work of this process, a parse on the loop say,
 * is time the thread *runs*, and stays in.
 */
export async function latenciesWhile(job: Promise<unknown>, probe: () => Promise<unknown>, intervalMs = 10): Promise<Lateness> {
  let settled = false;
  const done = job.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const out: Lateness = { wall: [], own: [] };
  let due = performance.now();
  while (!settled) {
    // Read before sleeping: a stall just before the probe is due delays its timer too. (A
    // sleeping thread accrues no queue time, so the sleep itself adds nothing.)
    const waitedBefore = cpuQueueWaitMs();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    await probe();
    const answered = performance.now();
    const waited = waitedBefore === null ? 0 : Math.max(0, cpuQueueWaitMs()! - waitedBefore);
    out.wall.push(answered - due);
    out.own.push(Math.max(0, answered - due - waited));
    due = Math.max(due + intervalMs, answered);
  }
  await done;
  return out;
}

/** The `q` quantile (0–1) of the samples, nearest rank. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
