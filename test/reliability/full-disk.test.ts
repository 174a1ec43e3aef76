import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFullDisk, mountSmallDisk, runFullDisk, unmountSmallDisk } from '../../soak/full-disk.js';

/**
 * The database on an 8 MiB tmpfs that fills up under the server (soak/full-disk.ts), as
 * `npm start` runs it. Mounting needs root (or CAP_SYS_ADMIN); where the machine does not
 * allow it, the test is skipped with one line saying why.
 */

let dir: string;
let cannotMount: string | null = null;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'linkletter-full-'));
  cannotMount = mountSmallDisk(dir, 8);
});
afterAll(() => {
  if (cannotMount === null) unmountSmallDisk(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('a full disk', () => {
  it('refuses writes with 503 problem+json, keeps reads and the import going, and takes writes again once there is room, without a restart', async (ctx) => {
    if (cannotMount !== null) {
      console.warn(`skipped: cannot mount a tmpfs here (${cannotMount})`);
      ctx.skip();
    }
    const s = await runFullDisk({ dir, fullMs: 3_000 });
    const report = describeFullDisk(s);
    console.log(report);
    expect(s.wrongAnswers, report).toEqual([]);
    expect(s.refused503, report).toBeGreaterThanOrEqual(5);
    expect(s.readsFailed, report).toEqual([]);
    expect(s.importWaited, 'the import met the full disk').toBe(true);
    expect(s.importWhileFull, report).not.toBe('failed');
    expect(s.importAtEnd, report).toBe('done');
    expect(s.recoveredAfterMs, report).not.toBeNull();
    expect(s.lost, report).toBe(0);
    expect(s.failures, report).toEqual([]);
    expect(s.exitCode, report).toBe(0);
    expect(s.logged.filter((line) => line.includes('"level":"error"')), 'a full disk is a warning, not an error').toEqual([]);
  }, 60_000);
});
