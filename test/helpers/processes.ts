import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * Shared pieces for tests that run the project as its users do: the CLI, `npm start`
 * (one process or a cluster), each on its own database file in a fresh temporary folder.
 */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** A fresh temporary folder for each test of the calling file, removed after it; call at the top level. */
export function tempDirPerTest(): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'linkletter-test-'));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('tempDirPerTest: no test is running');
    return dir;
  };
}

/** `tsx src/cli.ts …` on `databasePath` (unless `env` names another), with its output collected. */
export function cli(databasePath: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(TSX, ['src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** `cli`, without blocking the test while it runs (each takes a second or two to start). */
export function cliInBackground(databasePath: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(TSX, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** `tsx src/main.ts` run to its end, with its output collected (for start-up failures). */
export function runMain(env: Record<string, string>) {
  return spawnSync(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
}

/** `node --import tsx src/main.ts` as npm start runs it, with its output collected. */
export function spawnMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { child, out: '' };
  child.stdout.on('data', (d) => (state.out += d));
  child.stderr.on('data', (d) => (state.out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => state.out,
    /** Resolves once `pattern` has appeared `count` times in the output. */
    waitFor: (pattern: RegExp, count = 1, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(check);
          reject(new Error(`waited for ${pattern} ×${count}: ${state.out}`));
        }, ms);
        const check = setInterval(() => {
          if ((state.out.match(new RegExp(pattern, 'g')) ?? []).length >= count) {
            clearTimeout(timer);
            clearInterval(check);
            resolve();
          }
        }, 50);
      }),
  };
}
