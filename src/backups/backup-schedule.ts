import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { BackupBusy, type Backups } from './backups.js';

/**
 * BACKUP_EVERY: a backup once the newest in the folder is that old, checked at start-up and
 * after each one, so a server restarted more often than the interval still takes them (one is
 * taken at once when the newest is overdue, or there is none). The timer never keeps the
 * process alive, and a failed backup is logged (backups.ts does) and tried again after
 * RETRY_MS or the interval, whichever is shorter: the server goes on serving either way.
 */

const RETRY_MS = 15 * 60_000;
/** Timers wake at least daily (setTimeout cannot wait past ~24.8 days) and look again. */
const MAX_WAIT_MS = 24 * 3_600_000;

export type BackupSchedule = { stop(): void };

export function scheduleBackups(backups: Backups, everyMs: number, { clock, logger }: { clock: Clock; logger: Logger }): BackupSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** After a failure (or a backup another process was taking), not before this time. */
  let notBefore = 0;

  async function tick(): Promise<void> {
    if (stopped) return;
    const now = clock.now().getTime();
    let due = notBefore;
    try {
      const newest = backups.list()[0];
      due = Math.max(due, newest ? Date.parse(newest.createdAt) + everyMs : now);
    } catch (err) {
      logger.error('could not list the backups', { dir: backups.dir, error: err instanceof Error ? err.message : String(err) });
      due = Math.max(due, now + Math.min(everyMs, RETRY_MS));
    }
    if (due <= now) {
      try {
        await backups.take('schedule');
      } catch (err) {
        // A failure is logged by take(); another process's backup is as good as this one's.
        if (err instanceof BackupBusy) logger.info('scheduled backup skipped: another is being taken', { dir: backups.dir });
        notBefore = clock.now().getTime() + Math.min(everyMs, RETRY_MS);
      }
      return tick();
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), Math.min(due - now, MAX_WAIT_MS));
    timer.unref();
  }

  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
