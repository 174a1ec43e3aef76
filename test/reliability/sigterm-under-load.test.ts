import { describe, expect, it } from 'vitest';
import { describeShutdown, GRACE_MS, runShutdownUnderLoad } from '../../soak/shutdown-under-load.js';
import { tempDirPerTest } from '../helpers/processes.js';

/**
 * SIGTERM in the middle of the mixed load (soak/shutdown-under-load.ts), to the server as
 * `npm start` runs it. test/server-shutdown.test.ts holds the finer points of draining
 * keep-alive connections; this is the whole server under load: requests, the enrichment
 * worker's fetches, the import runner, the database file.
 */

const dir = tempDirPerTest();

describe('SIGTERM under load', () => {
  for (const workers of [1, 2]) {
    it(`WORKERS=${workers}: answers what is in flight, refuses new connections, puts jobs back, folds the WAL, exits 0 in time`, async () => {
      const s = await runShutdownUnderLoad({ dir: dir(), workers, loadMs: 1_500 });
      const report = describeShutdown(s);
      console.log(report);
      expect(s.failures, report).toEqual([]);
      expect(s.heldAnswered, report).toBe(s.held);
      expect(s.newConnectionRefused, report).toBe(true);
      expect(s.fetchesCutShort, 'a slow page was being fetched at the signal').toBeGreaterThan(0);
      expect(s.jobsPutBack, report).toBe(s.fetchesCutShort);
      expect(s.walBytes, report).toBe(0);
      expect(s.fiveXx, report).toEqual([]);
      expect(s.busy, report).toEqual([]);
      expect(s.lost, report).toBe(0);
      expect(s.exitCode, report).toBe(0);
      expect(s.signalToExitMs, report).toBeLessThan(GRACE_MS);
    }, 60_000);
  }
});
