import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { cli as runCli, ROOT, runMain, tempDirPerTest, TSX } from './helpers/processes.js';

/** `src/cli.ts`, run as a user would, on a database file of its own. */

const dir = tempDirPerTest();
const cliDb = () => path.join(dir(), 'cli.db');
const cli = (args: string[], env: Record<string, string> = {}) => runCli(cliDb(), args, env);

/** The same, without blocking: for the many quick runs below, side by side. */
function cliAsync(args: string[]): Promise<{ args: string[]; status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_PATH: cliDb(), LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    const child = execFile(TSX, ['src/cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 }, (_err, stdout, stderr) =>
      resolve({ args, status: child.exitCode, stdout, stderr }),
    );
  });
}

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
    expect(failed.stderr).toMatch(/^linkletter: migration .* failed: .*\n$/);
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

    // A taken name is a usage error (2) and says so in one line; the first token is untouched.
    const taken = cli(['token', 'create', '--name', 'ci bot', '--role', 'admin']);
    expect([taken.status, taken.stdout, taken.stderr]).toEqual([2, '', 'linkletter: token create: a token named "ci bot" exists already\n']);
    expect(cli(['token', 'list']).stdout).toMatch(/^ci bot\teditor\tactive[^\n]*\n$/);
    expect(cli(['token', 'create', '--name', 'x', '--role', 'root']).status).toBe(2);
    expect(cli(['token', 'revoke', 'ci bot']).status).toBe(0);
    expect(cli(['token', 'list']).stdout).toMatch(/revoked/);
    const again = cli(['token', 'revoke', 'ci bot']);
    expect([again.status, again.stderr]).toEqual([2, 'linkletter: token revoke: no active token named "ci bot"\n']);
    // Revoked, the name stays taken.
    expect(cli(['token', 'create', '--name', 'ci bot', '--role', 'editor']).status).toBe(2);
  }, 90_000);
});

describe('--help', () => {
  const commands = [['serve'], ['migrate'], ['openapi'], ['token'], ['token', 'create'], ['token', 'list'], ['token', 'revoke'], ['import-issues'], ['backup'], ['import']];

  it('every command answers --help (and -h) with its usage on stdout and exit 0, doing nothing else', async () => {
    const runs = await Promise.all(commands.flatMap((words) => ['--help', '-h'].map((flag) => cliAsync([...words, flag]))));
    for (const res of runs) {
      expect([res.status, res.stderr], res.args.join(' ')).toEqual([0, '']);
      const words = res.args.slice(0, -1).join(' ');
      expect(res.stdout, res.args.join(' ')).toMatch(new RegExp(`^usage: npm run --silent cli -- ${words}[ \\n]`));
    }
    // --help wins over everything else on the line: nothing is created. `help <command>` is the same text.
    const [create, plain, viaHelp] = await Promise.all([
      cliAsync(['token', 'create', '--name', 'x', '--role', 'editor', '--help']),
      cliAsync(['token', 'create', '--help']),
      cliAsync(['help', 'token', 'create']),
    ]);
    expect([create.status, create.stdout]).toEqual([0, plain.stdout]);
    expect(viaHelp.stdout).toBe(plain.stdout);
    expect(create.stdout).toMatch(/--name NAME[\s\S]*--role ROLE/);
    expect(cli(['token', 'list']).stderr).toBe('no tokens yet\n');
  }, 90_000);

  it('lists the commands and the exit codes at the top level', () => {
    const res = cli(['--help']);
    expect(res.status).toBe(0);
    for (const words of commands.slice(0, 3).concat(commands.slice(4))) expect(res.stdout).toContain(`  ${words.join(' ')}`);
    expect(res.stdout).toMatch(/exit codes:\n\s+0\s+done\n\s+1\s+failed: [^\n]*configuration[^\n]*migration[\s\S]*\n\s+2\s+usage error: [\s\S]*taken/);
    expect(cli(['help']).stdout).toBe(res.stdout);
  });

  it('works through npm as the README writes it', () => {
    const res = spawnSync('npm', ['run', '--silent', 'cli', '--', 'token', 'create', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect([res.status, res.stderr]).toEqual([0, '']);
    expect(res.stdout).toBe(cli(['token', 'create', '--help']).stdout);
  });
});

describe('errors', () => {
  it('are one line on stderr naming the problem, no usage after it, exit 2 for a usage error', async () => {
    const cases: [string[], string][] = [
      [[], 'a command is required: serve, migrate, backup, token, openapi, import-issues, import, export (see --help)'],
      [['bogus'], 'unknown command "bogus": serve, migrate, backup, token, openapi, import-issues, import, export (see --help)'],
      [['token'], 'token needs a subcommand: create, list or revoke (see token --help)'],
      [['token', 'delete', 'x'], 'unknown token subcommand "delete": create, list or revoke (see token --help)'],
      [['token', 'create', '--role', 'editor'], 'token create: --name is required (see token create --help)'],
      [['token', 'create', '--name', 'x'], 'token create: --role is required (see token create --help)'],
      [['token', 'create', '--name', 'x', '--role', 'root'], 'token create: --role must be one of admin, editor, submitter, not "root" (see token create --help)'],
      [['token', 'create', '--name', 'a/b', '--role', 'editor'], 'token create: --name: Letters, digits, spaces and . _ @ + - only. (see token create --help)'],
      [['token', 'create', '--nme', 'x', '--role', 'editor'], 'token create: unknown option --nme (see token create --help)'],
      [['token', 'create', '--name'], 'token create: --name needs a value (see token create --help)'],
      [['token', 'create', '--name', 'a', 'b', '--role', 'editor'], 'token create takes no argument "b" (see token create --help)'],
      [['token', 'revoke'], 'token revoke: NAME is required (see token revoke --help)'],
      [['token', 'revoke', 'a', 'b'], 'token revoke takes one NAME, not also "b" (see token revoke --help)'],
      [['token', 'list', '--all'], 'token list: unknown option --all (see token list --help)'],
      [['migrate', 'now'], 'migrate takes no argument "now" (see migrate --help)'],
      [['openapi', '--check=yes'], 'openapi: --check takes no value (see openapi --help)'],
      [['serve', '--port', '80'], 'serve: unknown option --port (see serve --help)'],
      [['import-issues'], 'import-issues: DIR is required (see import-issues --help)'],
      [['import-issues', '.', '--start', 'one'], 'import-issues: --start must be a whole number from 1, not "one" (see import-issues --help)'],
      [['import-issues', 'no-such-folder'], 'import-issues: cannot read the folder "no-such-folder" (ENOENT) (see import-issues --help)'],
      [['import-issues', 'src'], 'import-issues: no .md files in "src" (see import-issues --help)'],
      [['import'], 'import: FILE is required (see import --help)'],
      [['import', 'no-such-file.html'], 'import: no file "no-such-file.html" (see import --help)'],
      [['import', 'package.json', '--format', 'xml'], 'import: --format must be one of netscape, pinboard, raindrop, karakeep, linkding, urls, linkletter, not "xml" (see import --help)'],
      [['export', '--format', 'pdf'], 'export: --format must be one of json, netscape, csv, not "pdf" (see export --help)'],
      [['export', 'dump.json'], 'export takes no argument "dump.json" (see export --help)'],
      [['import', 'package.json', '--status', 'rejected'], 'import: --status must be approved or pending, not "rejected" (see import --help)'],
    ];
    const runs = await Promise.all(cases.map(([args]) => cliAsync(args)));
    for (const [i, [args, message]] of cases.entries()) {
      expect(runs[i]).toEqual({ args, status: 2, stdout: '', stderr: `linkletter: ${message}\n` });
    }
  }, 90_000);

  it('exit 1 for a bad configuration, in one line naming the variable', () => {
    const res = cli(['token', 'list'], { LOG_LEVEL: 'loud' });
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^linkletter: invalid configuration: LOG_LEVEL="loud": [^\n]+\n$/);
  });

  it('openapi --check: exit 0 while openapi.yaml and client/api.ts are what the code generates', () => {
    const res = cli(['openapi', '--check']);
    expect([res.status, res.stdout, res.stderr]).toEqual([0, '', 'openapi.yaml and client/api.ts are up to date\n']);
  });
});
