/**
 * What a backup thread runs (see backups.ts): piscina imports this module in a thread of its
 * own and calls its default export once, so that VACUUM INTO and integrity_check, which read
 * the whole file, keep off the event loop and the server goes on answering meanwhile. It opens
 * its own connection to the file and answers the size, or why it failed.
 */
import { errorLine, writeBackupFile } from './backup-file.js';

export type BackupTask = { source: string; target: string; temp: string };
export type BackupOutcome = { ok: true; bytes: number } | { ok: false; message: string };

export default function backupInThread(task: BackupTask): BackupOutcome {
  try {
    return { ok: true, ...writeBackupFile(task.source, task.target, task.temp) };
  } catch (err) {
    return { ok: false, message: errorLine(err) };
  }
}
