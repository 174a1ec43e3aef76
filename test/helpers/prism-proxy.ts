import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT, spawnMain } from './processes.js';

/**
 * The server as `npm start` runs it, with Prism's validating proxy in front of it
 * (`prism proxy openapi.yaml <server>`), both on 127.0.0.1 and free ports. Prism checks the
 * request and the response against openapi.yaml and names what does not conform in the
 * `sl-violations` header of its answer. `--errors=false`, because with `--errors` Prism answers
 * an invalid request itself instead of forwarding it, and the server's error paths would go unseen.
 */

const PRISM = path.join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

/** One entry of `sl-violations`: `location` starts with `request` or `response`. */
export type Violation = { location: string[]; severity: string; code?: string | number; message: string };

/** A port nobody listens on just now (Prism takes no port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** What Prism wrote in `sl-violations`; a header it cut off ("Too many violations! …") is one finding. */
export function violationsOf(res: Response): Violation[] {
  const header = res.headers.get('sl-violations');
  if (!header) return [];
  try {
    return JSON.parse(header) as Violation[];
  } catch {
    return [{ location: ['response'], severity: 'Error', message: `unreadable sl-violations header: ${header.slice(0, 300)}` }];
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before answering: ${output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within ${ms} ms: ${output()}`);
}

export type ProxiedServer = {
  /** Prism's address: what the tests talk to. */
  proxy: string;
  /** The server's own address, for what Prism cannot forward. */
  server: string;
  stop: () => Promise<void>;
};

/**
 * Starts the server on `databasePath` with `env` added to its environment, then Prism in front
 * of it. Page fetching is off unless `env` turns it on (the walkthrough's pages are on the
 * internet, and these tests stay offline).
 */
export async function startProxiedServer(databasePath: string, env: Record<string, string> = {}): Promise<ProxiedServer> {
  const main = spawnMain({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, ENRICH: 'off', ...env });
  let prism: ChildProcess | undefined;
  const stopAll = async () => {
    await Promise.all([prism && stop(prism), stop(main.child)]);
  };
  try {
    await main.waitFor(/"msg":"listening"/);
    const server = /"msg":"listening","url":"([^"]+)"/.exec(main.output())![1]!;
    const port = await freePort();
    let out = '';
    prism = spawn(
      process.execPath,
      [PRISM, 'proxy', 'openapi.yaml', server, '--errors=false', '--host', '127.0.0.1', '--port', String(port), '--verboseLevel', 'warn'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    prism.stdout!.on('data', (d) => (out += d));
    prism.stderr!.on('data', (d) => (out += d));
    const proxy = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(`${proxy}/healthz`, prism, () => out);
    return { proxy, server, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
