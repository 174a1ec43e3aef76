/**
 * The server under test, as its own process: `node --import tsx src/main.ts` spawned
 * directly (no npm/npx/tsx wrapper), so the pid we sample is the server itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export type ServerProcess = {
  pid: number;
  baseUrl: string;
  /** Spawn → first 200 from /readyz. */
  startupMs: number;
  /** Highest RSS so far (sampled every 200 ms, and the kernel's VmHWM), with the split at the sampled peak. */
  peakRss(): Rss;
  /** Starts a phase (one scenario); phasePeak() is the highest RSS since. */
  startPhase(): void;
  phasePeak(): number;
  /** SIGTERM, then waits for a clean exit (which also writes a CPU profile if asked for). */
  stop(): Promise<void>;
  /** Sends `signal` to the server process (with WORKERS, the primary, as a supervisor would). */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL to the server and every process under it (a cluster's workers too): a crash. */
  killTree(): void;
  /** Resolves once the server process has exited; `at` is performance.now() then. */
  exited: Promise<ProcessExit>;
  /** Every line of output but the access log's (`"msg":"request"`), the last 5,000. */
  output(): string;
  /** Resolves once `pattern` has matched `count` lines of output(); rejects after `ms`. */
  waitForOutput(pattern: RegExp, count?: number, ms?: number): Promise<void>;
};

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null; at: number };

export type StartOptions = {
  databasePath: string;
  /** Extra flags for node, e.g. --cpu-prof. */
  nodeFlags?: string[];
  env?: Record<string, string>;
  /**
   * With WORKERS > 1 and LOG_LEVEL info or debug: also wait until this many processes have
   * logged `listening` (/readyz answers as soon as the first one does).
   */
  listening?: number;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type Rss = {
  /** VmRSS: what `ps` and most dashboards show. */
  total: number;
  /** RssAnon: the JS heap, native allocations, SQLite's page cache. */
  anon: number;
  /** RssFile: mapped files, mostly the database (mmap_size) and node's own binary. */
  file: number;
  /** VmHWM: the kernel's own high-water mark of VmRSS (catches peaks between samples). */
  hwm: number;
};

/** A process and its descendants (with WORKERS > 1 the server is a cluster), from /proc. */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    } catch {
      // gone, or no /proc
    }
  }
  return pids;
}

/**
 * Memory of a process from /proc (Linux); zeros where there is no /proc. With children
 * (WORKERS > 1), the proportional set size is summed instead, so the database file that every
 * worker maps is counted once, not once per worker.
 */
export function readRss(pid: number): Rss {
  const pids = processTree(pid);
  const sum: Rss = { total: 0, anon: 0, file: 0, hwm: 0 };
  for (const one of pids) {
    try {
      const status = readFileSync(`/proc/${one}/status`, 'utf8');
      const kb = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
      if (pids.length === 1) {
        return { total: kb(status, 'VmRSS'), anon: kb(status, 'RssAnon'), file: kb(status, 'RssFile'), hwm: kb(status, 'VmHWM') };
      }
      const rollup = readFileSync(`/proc/${one}/smaps_rollup`, 'utf8');
      sum.total += kb(rollup, 'Pss');
      sum.anon += kb(rollup, 'Pss_Anon');
      sum.file += kb(rollup, 'Pss_File');
    } catch {
      // gone
    }
  }
  return sum;
}

/** User + system CPU seconds a process (and, for a pid, its children) has used so far (Linux /proc); 0 elsewhere. */
export function readCpuSeconds(pid: number | 'self'): number {
  let seconds = 0;
  for (const one of pid === 'self' ? ['self'] : processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${one}/stat`, 'utf8').split(') ')[1]!.split(' ');
      seconds += (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
    } catch {
      // gone
    }
  }
  return seconds;
}

/**
 * The node flags `npm start` gives the server (its heap cap, say), read from package.json so
 * the bench measures what a user runs.
 */
export function startScriptNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /^(?:exec\s+)?node((?:\s+--[\w-]+(?:=\S+)?)*)\s+--import tsx src\/main\.ts$/.exec(pkg.scripts.start ?? '');
  if (!match) throw new Error(`bench: expected "start" to be "[exec] node [flags] --import tsx src/main.ts", not ${JSON.stringify(pkg.scripts.start)}`);
  return match[1]!.trim().split(/\s+/).filter((f) => f.length > 0);
}

/** A port freePort() found free can be taken by another process before the server listens on it. */
class PortTaken extends Error {}

export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(options);
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

async function startOnFreePort(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const nodeArgs = [...startScriptNodeFlags(), ...(options.nodeFlags ?? []), '--import', 'tsx', 'src/main.ts'];
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_PATH: options.databasePath,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // No internet here, and fetching pages is not what is measured: jobs wait in the database.
      ENRICH: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 200) output.shift();
  };
  // The lines a caller may wait for (listening, shutting down, warnings), without the access log.
  const notable: string[] = [];
  let partial = '';
  const keepLines = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.includes('"msg":"request"')) continue;
      notable.push(line);
      if (notable.length > 5_000) notable.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.stdout?.on('data', keepLines);
  child.stderr?.on('data', keepLines);
  let exited: ProcessExit | undefined;
  const exitPromise = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal, at: performance.now() };
      resolve(exited);
    }),
  );
  const waitForOutput = (pattern: RegExp, count = 1, ms = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const matches = () => notable.filter((line) => pattern.test(line)).length;
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`waited ${ms} ms for ${pattern} ×${count}:\n${notable.slice(-30).join('\n')}`));
      }, ms);
      const poll = setInterval(() => {
        if (matches() < count) return;
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }, 20);
    });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the server');

  let peak: Rss = { total: 0, anon: 0, file: 0, hwm: 0 };
  let phase = 0;
  const sample = () => {
    const rss = readRss(pid);
    if (rss.total > peak.total) peak = rss;
    if (rss.hwm > peak.hwm) peak = { ...peak, hwm: rss.hwm };
    if (rss.total > phase) phase = rss.total;
  };
  const sampler = setInterval(sample, 200);

  const deadline = started + 60_000;
  let startupMs = 0;
  for (;;) {
    if (exited) {
      clearInterval(sampler);
      const message = `the server exited (${exited.code ?? exited.signal}) before it was ready:\n${output.join('')}`;
      throw output.join('').includes('EADDRINUSE') ? new PortTaken(message) : new Error(message);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) {
        startupMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      clearInterval(sampler);
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within 60 s:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  if (options.listening !== undefined && options.listening > 1) {
    try {
      await waitForOutput(/"msg":"listening"/, options.listening);
    } catch (err) {
      clearInterval(sampler);
      child.kill('SIGKILL');
      throw err;
    }
  }
  sample();

  return {
    pid,
    baseUrl,
    startupMs,
    peakRss: () => {
      sample();
      return { ...peak, total: Math.max(peak.total, peak.hwm) };
    },
    startPhase: () => {
      phase = 0;
      sample();
    },
    phasePeak: () => {
      sample();
      return phase;
    },
    signal: (signal) => void child.kill(signal),
    killTree: () => {
      clearInterval(sampler);
      for (const one of processTree(pid)) {
        try {
          process.kill(one, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    },
    exited: exitPromise,
    output: () => notable.join('\n'),
    waitForOutput,
    async stop() {
      clearInterval(sampler);
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exitPromise;
        clearTimeout(timer);
      }
      if (exited && exited.code !== 0 && exited.signal !== 'SIGTERM') {
        process.stderr.write(`warning: the server exited with ${exited.code ?? exited.signal}\n${output.slice(-20).join('')}\n`);
      }
    },
  };
}
