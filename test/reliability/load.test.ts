import { describe, expect, it } from 'vitest';
import { describeLoad, runMixedLoad } from '../../soak/mixed-load.js';
import { tempDirPerTest } from '../helpers/processes.js';

/**
 * The soak's mixed load for a few seconds (soak/mixed-load.ts; `npm run soak` runs it
 * longer): readers, editors, public submissions, imports, the enrichment worker fetching
 * local fixture pages, and an export when the server has one, against the server as
 * `npm start` runs it. Nothing may fail: no 5xx, no SQLITE_BUSY reaching a client, no error
 * logged, every acknowledged write in the file afterwards. The p99 of reads is printed, not
 * judged (it depends on the machine).
 */

const dir = tempDirPerTest();

describe('mixed load', () => {
  for (const workers of [1, 2]) {
    it(`WORKERS=${workers}: no 5xx, no SQLITE_BUSY, nothing acknowledged lost, every check passing`, async () => {
      const summary = await runMixedLoad({ dir: dir(), workers, seconds: 3 });
      const report = describeLoad(summary);
      console.log(report);
      expect(summary.fiveXx, report).toEqual([]);
      expect(summary.busy, report).toEqual([]);
      expect(summary.unexpected, report).toEqual([]);
      expect(summary.errorsLogged, report).toEqual([]);
      expect(summary.lost, report).toBe(0);
      expect(summary.failures, report).toEqual([]);
      expect(summary.reads, report).toBeGreaterThan(100);
      expect(summary.writesAcknowledged, report).toBeGreaterThan(20);
      expect(summary.pagesFetched, 'the enrichment worker fetched pages during the load').toBeGreaterThan(0);
      expect(summary.stop.code).toBe(0);
    }, 60_000);
  }
});
