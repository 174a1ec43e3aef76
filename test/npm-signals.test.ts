import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDirPerTest } from './helpers/processes.js';

/**
 * `npm start` (and `npm run dev`) stopped the way process managers and terminals stop them.
 *
 * npm 11 runs a script as `sh -c '<script>'` and passes SIGTERM and SIGINT on to that child
 * only. With a plain `node …` script the child is the shell (dash does not exec the last
 * command): the shell dies and node is left running, orphaned, with the port. The scripts
 * start with `exec`, so the shell becomes node and npm's signal reaches it. A terminal's
 * Ctrl-C then reaches node twice (the terminal signals npm's whole process group, and npm
 * passes its copy on), which src/main.ts and src/cluster.ts take as one request to stop.
 *
 * Each run is in its own process group (detached), so that signalling the group is a Ctrl-C
 * that reaches npm and everything under it, and nothing of this test runner.
 */

const dir = tempDirPerTest();
const databasePath = () => path.join(dir(), 'signals.db');

function npm(args: string[], env: Record<string, string>) {
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ENRICH: 'off', LOG_LEVEL: 'info', DATABASE_PATH: databasePath(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );
  const count = (pattern: RegExp) => (out.match(new RegExp(pattern, 'g')) ?? []).length;
  return {
    child,
    exited,
    output: () => out,
    count,
    /** The JSON log lines' pids: node's own (and with WORKERS, the primary's and each worker's). */
    pids: () => [...new Set([...out.matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1])))],
    /** Resolves once `pattern` has appeared `times` times in the output, on the output's own events. */
    waitFor: (pattern: RegExp, times = 1) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (count(pattern) >= times) {
            listeners.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            reject(new Error(`npm ${args.join(' ')} exited before ${pattern} ×${times}:\n${out}`));
          }
        };
        listeners.add(check);
        check();
      }),
    /** Everything it started, if a test failed half-way. */
    kill: (pids: number[]) => {
      for (const pid of [-child.pid!, ...pids]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** 'refused' once nothing listens on the port any more. */
function connect(port: number): Promise<'connected' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' ? resolve('refused') : reject(err)));
  });
}

/** GET /healthz on a connection of its own. Once a server process has answered, its signal handlers are in place (src/main.ts installs them in the same turn as it logs "listening", before any I/O is handled). */
function healthz(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      })
      .on('error', reject);
  });
}

/**
 * A POST /v1/links the server is in the middle of: it has the headers (it answered
 * `Expect: 100-continue`, which Node does as it hands the request to the app) and half the
 * body. `finish()` sends the rest; `status` is the answer's status, or the error if the
 * connection was cut (as when the process is killed).
 */
async function postInFlight(port: number, secret: string) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  const closed = new Promise<string>((resolve) => {
    socket.on('data', (d) => (received += d.toString()));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(`error ${err.code}`));
    socket.on('close', () => resolve(/HTTP\/1\.1 (?!100)(\d{3})/.exec(received)?.[1] ?? `closed after: ${JSON.stringify(received)}`));
  });
  const body = JSON.stringify({ url: 'https://example.com/in-flight' });
  const half = Math.floor(body.length / 2);
  const continued = new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.write(
    'POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `Authorization: Bearer ${secret}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await continued;
  expect(received).toMatch(/^HTTP\/1\.1 100 /);
  socket.write(body.slice(0, half));
  return { finish: () => socket.write(body.slice(half)), status: closed };
}

type Case = { script: string[]; workers: number; signal: NodeJS.Signals; to: 'npm' | 'group' };

async function stops({ script, workers, signal, to }: Case) {
  const created = cli(databasePath(), ['token', 'create', '--name', 'signals', '--role', 'editor']);
  expect(created.status, created.stderr).toBe(0);
  const secret = created.stdout.trim();
  const run = npm(script, { WORKERS: String(workers) });
  let pids: number[] = [];
  try {
    await run.waitFor(/"msg":"listening"/, workers);
    const port = Number(/"msg":"listening","url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(run.output())![1]);
    pids = run.pids();
    expect(pids.length).toBe(workers === 1 ? 1 : workers + 1);
    expect(pids).not.toContain(run.child.pid); // node runs under npm, as its own process
    // With WORKERS, new connections go to the workers in turn: each has answered one by now.
    for (let i = 0; i < workers * 2; i++) expect(await healthz(port)).toBe(200);

    // A request in flight when the signal comes: it must be answered, whatever else happens
    // (a second copy of the signal that killed the process would cut it).
    const post = await postInFlight(port, secret);

    process.kill(to === 'npm' ? run.child.pid! : -run.child.pid!, signal);
    if (to === 'group') {
      // The terminal's copy and npm's often arrive close enough to merge into one; send
      // node (the primary, with WORKERS) a second copy as soon as it has acted on the first,
      // so that the repeat is certain. It must change nothing.
      const first = workers > 1 ? /"msg":"stopping the workers"/ : /"msg":"shutting down"/;
      await run.waitFor(first);
      const [node] = [...run.output().matchAll(/"msg":"(?:cluster started|listening)".*"pid":(\d+)/g)].map((m) => Number(m[1]));
      process.kill(node!, signal);
    }
    await run.waitFor(/"msg":"shutting down"/, workers);
    post.finish();
    expect(await post.status, run.output()).toBe('201');
    // Not a wait: if npm never exits (its shell swallowed the signal), end it all so the test fails here.
    const deadline = setTimeout(() => run.kill(pids), 20_000);
    const { code, signal: killedBy } = await run.exited;
    clearTimeout(deadline);
    expect(killedBy, `npm did not exit by itself within 20 s:\n${run.output()}`).not.toBe('SIGKILL');

    // npm's child is node itself (or tsx watch, which waits for its node), so by the time npm
    // has exited every one of them has: nothing orphaned, the port free, a clean stop.
    expect(
      pids.filter((pid) => alive(pid)),
      run.output(),
    ).toEqual([]);
    expect(await connect(port)).toBe('refused');
    expect(code, run.output()).toBe(0);
    if (workers > 1) {
      // Exit 0 means no worker was killed (src/cluster.ts counts a SIGKILL as a failure).
      expect(run.count(/"msg":"stopping the workers"/), run.output()).toBe(1);
      expect(run.count(/"msg":"all workers stopped"/), run.output()).toBe(1);
      expect(run.output()).not.toMatch(/did not stop in time/);
    } else {
      expect(run.count(/"msg":"stopped"/), run.output()).toBe(1);
      // A Ctrl-C arrives twice; it is one stop.
      expect(run.count(/"msg":"signal received"/), run.output()).toBe(1);
    }
  } finally {
    run.kill(pids);
  }
}

describe('npm start', () => {
  it('SIGTERM to the npm process stops node cleanly: it exits 0 and the port is closed', () =>
    stops({ script: ['start'], workers: 1, signal: 'SIGTERM', to: 'npm' }), 60_000);

  it('SIGINT to the npm process does the same', () => stops({ script: ['start'], workers: 1, signal: 'SIGINT', to: 'npm' }), 60_000);

  it('a terminal’s Ctrl-C (SIGINT to the whole process group, so node gets it twice) stops it once, cleanly', () =>
    stops({ script: ['start'], workers: 1, signal: 'SIGINT', to: 'group' }), 60_000);

  it('WORKERS=2: SIGTERM to the npm process stops the primary and both workers cleanly', () =>
    stops({ script: ['start'], workers: 2, signal: 'SIGTERM', to: 'npm' }), 60_000);

  it('WORKERS=2: a terminal’s Ctrl-C is one stop, not a second signal that kills the workers', () =>
    stops({ script: ['start'], workers: 2, signal: 'SIGINT', to: 'group' }), 60_000);
});

describe('npm run dev', () => {
  it('SIGTERM to the npm process stops tsx watch and the server under it', () =>
    stops({ script: ['run', 'dev'], workers: 1, signal: 'SIGTERM', to: 'npm' }), 60_000);
});
