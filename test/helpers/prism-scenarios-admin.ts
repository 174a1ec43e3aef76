import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from './prism-exchanges.js';
import type { Tokens } from './prism-sweeps.js';

/**
 * The Admin operations through Prism, on the walkthrough's server, whose database is a file:
 * its backups go to the `backups` folder beside it (`backupDir`).
 */
export async function adminScenarios(c: Client, t: Tokens, backupDir: string): Promise<void> {
  const taken = await c.json('POST', '/v1/admin/backup', { token: t.admin, expect: 201 });
  await c.send('GET', '/v1/admin/backups', { token: t.admin, expect: 200 });
  await c.send('GET', `/v1/admin/backups/${taken.name}`, { token: t.admin, expect: 200 });
  await c.send('GET', '/v1/admin/backups/linkletter-2020-01-01T00-00-00-000Z.db', { token: t.admin, expect: 404 });
  await c.send('GET', '/v1/admin/backups/prism.db', { token: t.admin, expect: 400, invalid: true });
  // Another process taking a backup: its lock file, holding a live pid (this process's parent).
  const lock = path.join(backupDir, '.backup.lock');
  writeFileSync(lock, `${process.ppid}\n`);
  try {
    await c.send('POST', '/v1/admin/backup', { token: t.admin, expect: 409 });
  } finally {
    rmSync(lock, { force: true });
  }
}
