/**
 * `npm run soak`: the long forms of the reliability tests (test/reliability/ runs short ones).
 *
 *   npm run soak                       # 100 kill -9 rounds, 30 s of mixed load ×2, SIGTERM ×2, full disk
 *   npm run soak -- --rounds 20        # fewer crash rounds
 *   npm run soak -- --only crash,load  # some parts: crash, load, sigterm, disk
 *   npm run soak -- --seed 1234        # replay the random choices of an earlier run
 *
 * Prints one line per crash round and per part, then the summary; exits 1 if any
 * acknowledged write was lost or any check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashRounds } from './crash-rounds.js';
import { describeFullDisk, mountSmallDisk, runFullDisk, unmountSmallDisk } from './full-disk.js';
import { describeLoad, runMixedLoad } from './mixed-load.js';
import { describeShutdown, GRACE_MS, runShutdownUnderLoad } from './shutdown-under-load.js';

const PARTS = ['crash', 'load', 'sigterm', 'disk'] as const;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '100' },
    'load-seconds': { type: 'string', default: '30' },
    only: { type: 'string', default: PARTS.join(',') },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('npm run soak -- [--rounds 100] [--load-seconds 30] [--only crash,load,sigterm,disk] [--seed N] [--keep]\n');
  process.exit(0);
}
const rounds = Number(values.rounds);
const loadSeconds = Number(values['load-seconds']);
const only = new Set(values.only.split(',').map((p) => p.trim()));
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const unknown = [...only].filter((p) => !(PARTS as readonly string[]).includes(p));
if (!Number.isInteger(rounds) || rounds < 0 || !(loadSeconds > 0) || !Number.isInteger(seed) || unknown.length > 0) {
  process.stderr.write(`soak: bad options${unknown.length > 0 ? ` (unknown part ${unknown.join(', ')}; parts: ${PARTS.join(', ')})` : ''}\n`);
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'linkletter-soak-'));
const say = (line: string) => process.stdout.write(`${line}\n`);
const total = { rounds: 0, acknowledged: 0, lost: 0, checksFailed: 0 };
/** Everything else that must not happen (a 5xx, SQLITE_BUSY, a held request unanswered, a slow stop). */
const problems: string[] = [];
/** What the failed checks found, to print. */
const failedChecks: string[] = [];
const part = (name: string) => mkdtempSync(path.join(dir, `${name}-`));

say(`soak: seed ${seed}, in ${dir}`);
const started = performance.now();
try {
  if (only.has('crash') && rounds > 0) {
    const s = await runCrashRounds({ rounds, dir: part('crash'), seed, log: say });
    total.rounds += s.rounds;
    total.acknowledged += s.acknowledged;
    total.lost += s.lost;
    total.checksFailed += s.checksFailed;
    failedChecks.push(...s.failures);
    problems.push(...s.unexpected.map((u) => `crash: unexpected answer ${u}`));
    say(`crash: ${s.rounds} rounds, ${s.acknowledged} writes acknowledged, ${s.cutOff} cut off by the kills, lost ${s.lost}, checks failed ${s.checksFailed}; stopped in ${s.stop.ms} ms (exit ${s.stop.code})`);
  }
  if (only.has('load')) {
    for (const workers of [1, 2]) {
      const s = await runMixedLoad({ dir: part(`load-${workers}`), workers, seconds: loadSeconds, seed: seed + workers });
      total.acknowledged += s.writesAcknowledged;
      total.lost += s.lost;
      total.checksFailed += s.checksFailed;
      failedChecks.push(...s.failures);
      problems.push(...s.fiveXx, ...s.busy, ...s.unexpected, ...s.errorsLogged.map((l) => `logged: ${l}`));
      say(`load: ${describeLoad(s)}`);
      say(`  p99 by read: ${Object.entries(s.readP99ByKind).map(([kind, ms]) => `${kind} ${ms.toFixed(0)} ms`).join(', ')}`);
    }
  }
  if (only.has('sigterm')) {
    for (const workers of [1, 2]) {
      const s = await runShutdownUnderLoad({ dir: part(`sigterm-${workers}`), workers, loadMs: Math.min(loadSeconds, 20) * 500, seed: seed + 10 + workers });
      total.acknowledged += s.writesAcknowledged;
      total.lost += s.lost;
      total.checksFailed += s.failures.length;
      failedChecks.push(...s.failures);
      problems.push(...s.fiveXx, ...s.busy);
      if (s.heldAnswered !== s.held) problems.push(`sigterm: ${s.held - s.heldAnswered} requests in flight were not answered`);
      if (!s.newConnectionRefused) problems.push('sigterm: a new connection was accepted after the stop began');
      if (s.jobsPutBack !== s.fetchesCutShort) problems.push(`sigterm: ${s.fetchesCutShort - s.jobsPutBack} jobs cut short were not put back`);
      if (s.walBytes > 0) problems.push(`sigterm: the -wal file holds ${s.walBytes} bytes`);
      if (s.exitCode !== 0 || s.signalToExitMs >= GRACE_MS) problems.push(`sigterm: exit ${s.exitCode} after ${s.signalToExitMs} ms`);
      say(`sigterm: ${describeShutdown(s)}`);
    }
  }
  if (only.has('disk')) {
    const mountPoint = part('disk');
    const cannot = mountSmallDisk(mountPoint, 8);
    if (cannot !== null) {
      say(`disk: skipped, cannot mount a tmpfs here (${cannot})`);
    } else {
      try {
        const s = await runFullDisk({ dir: mountPoint, fullMs: loadSeconds * 333 });
        total.acknowledged += s.writesAcknowledged;
        total.lost += s.lost;
        total.checksFailed += s.failures.length;
        failedChecks.push(...s.failures);
        problems.push(...s.wrongAnswers, ...s.readsFailed);
        if (s.importAtEnd !== 'done') problems.push(`disk: the import ended ${s.importAtEnd}`);
        if (s.recoveredAfterMs === null) problems.push('disk: writes did not succeed again once there was room');
        say(`disk: ${describeFullDisk(s)}`);
      } finally {
        unmountSmallDisk(mountPoint);
      }
    }
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

const failed = total.lost > 0 || total.checksFailed > 0 || problems.length > 0;
say('');
say(`soak summary (seed ${seed}, ${Math.round((performance.now() - started) / 1000)} s):`);
say(`  rounds:              ${total.rounds}`);
say(`  writes acknowledged: ${total.acknowledged}`);
say(`  lost:                ${total.lost}`);
say(`  checks failed:       ${total.checksFailed}`);
for (const f of failedChecks.slice(0, 20)) say(`    ${f.slice(0, 300)}`);
if (problems.length > 0) {
  say(`  other problems:      ${problems.length}`);
  for (const p of problems.slice(0, 20)) say(`    ${p.slice(0, 300)}`);
}
say(failed ? 'FAILED' : 'OK');
process.exit(failed ? 1 : 0);
