import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../../soak/crash-rounds.js';
import { tempDirPerTest } from '../helpers/processes.js';

/**
 * A few of the soak's kill -9 rounds (soak/crash-rounds.ts; `npm run soak` runs 100): the
 * server as `npm start` runs it, every kind of write at once, SIGKILL at a random moment, a
 * restart on the same file (one start in three with WORKERS=2), and every acknowledged write
 * and every consistency check holding after each.
 */

const dir = tempDirPerTest();

describe('kill -9 during writes of every kind', () => {
  it('loses no acknowledged write, and the file passes every check after each restart', async () => {
    const lines: string[] = [];
    const summary = await runCrashRounds({ rounds: 3, dir: dir(), log: (line) => lines.push(line) });
    const report = `seed ${summary.seed}\n${lines.join('\n')}\n${summary.failures.join('\n')}`;
    expect(summary.rounds).toBe(3);
    expect(summary.acknowledged, report).toBeGreaterThan(30);
    expect(summary.lost, report).toBe(0);
    expect(summary.failures, report).toEqual([]);
    expect(summary.checksFailed, report).toBe(0);
    expect(summary.unexpected, report).toEqual([]);
    expect(summary.stop.code, report).toBe(0);
  }, 90_000);
});
