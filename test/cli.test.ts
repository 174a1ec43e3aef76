import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { cli as runCli, runMain, tempDirPerTest } from './helpers/processes.js';

/** `src/cli.ts`, run as a user would, on a database file of its own. */

const dir = tempDirPerTest();
const cliDb = () => path.join(dir(), 'cli.db');
const cli = (args: string[], env: Record<string, string> = {}) => runCli(cliDb(), args, env);

describe('migrate', () => {
  it('migrates from the CLI, and a failing migration exits non-zero', () => {
    const ok = cli(['migrate']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/applied: 2026-/);
    expect(cli(['migrate']).stderr).toMatch(/up to date/);

    // A database whose schema clashes with the first migration makes it fail.
    const broken = path.join(dir(), 'broken.db');
    const handle = openDatabase(broken);
    handle.sqlite.exec('CREATE TABLE settings (x INTEGER)');
    handle.sqlite.close();
    const failed = cli(['migrate'], { DATABASE_PATH: broken });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/migration .* failed/);
    const start = runMain({ DATABASE_PATH: broken, PORT: '0' });
    expect(start.status).toBe(1);
    expect(start.stderr).toMatch(/migration .* failed/);
  });
});

describe('tokens CLI', () => {
  it('creates a token printing only the secret, lists without secrets, and revokes', async () => {
    const created = cli(['token', 'create', '--name', 'ci bot', '--role', 'editor']);
    expect(created.status, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(created.stdout).toBe(`${secret}\n`);
    expect(secret).toMatch(/^ll_[A-Za-z0-9_-]{43}$/);

    const listed = cli(['token', 'list']);
    expect(listed.stdout).toMatch(/^ci bot\teditor\tactive/);
    expect(listed.stdout).not.toContain(secret);

    // The stored value is a hash, not the secret.
    const handle = openDatabase(cliDb());
    const stored = handle.sqlite.prepare('SELECT secret_hash FROM tokens').pluck().get() as string;
    expect(stored).not.toContain(secret.slice(3));
    handle.sqlite.close();

    expect(cli(['token', 'create', '--name', 'ci bot', '--role', 'editor']).status).toBe(2);
    expect(cli(['token', 'create', '--name', 'x', '--role', 'root']).status).toBe(2);
    expect(cli(['token', 'revoke', 'ci bot']).status).toBe(0);
    expect(cli(['token', 'list']).stdout).toMatch(/revoked/);
    expect(cli(['token', 'revoke', 'ci bot']).status).toBe(2);
  });
});
