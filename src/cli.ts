import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isRole, ROLES } from './auth/roles.js';
import type { Db } from './db/database.js';
import type { Transact } from './db/transact.js';

// Each command imports what it needs when it runs, so that --help and usage errors answer at
// once, without loading the app, the database driver or openapi-typescript.

/**
 * `npm run --silent cli -- <command>`. What a command prints on stdout is its answer (a
 * secret, a table, a usage text asked for with --help); notes go to stderr, and an error is
 * one line there. Exit codes: 0 done, 1 failed, 2 usage error (see EXIT_CODES).
 */

export const OPENAPI_PATH = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

const CLI = 'npm run --silent cli --';

const EXIT_CODES = `exit codes:
  0  done
  1  failed: a bad configuration (the line names the variable), a failed migration,
     a backup not taken (nothing is left at its PATH), a stale file (openapi --check),
     an archive that cannot be imported (import-issues), an import that failed, was stopped,
     or whose file cannot be read (import), an export that cannot be written (export)
  2  usage error: an unknown command or option, a missing or invalid argument,
     a token name already taken, no such token to revoke, no such file to import
`;

const USAGE = `usage: ${CLI} <command> [options]

commands:
  serve                                   serve the API (what npm start runs)
  migrate                                 apply pending database migrations
  backup PATH [--force]                   write a checked copy of the database to PATH, while it serves
  token create --name NAME --role ROLE    print a new token's secret (roles: ${ROLES.join(', ')})
  token list                              list tokens (never their secrets)
  token revoke NAME                       revoke a token
  openapi [--check]                       write openapi.yaml and client/api.ts (--check: fail if stale)
  import-issues DIR [--start N] [--draft] import a newsletter's archive: every *.md in DIR
  import FILE [--format F] [--status pending] [--dry-run]
                                          import a bookmark file (or restore an export), with progress
  export [--format json|netscape|csv] [--out FILE]
                                          export every link (json: everything), with progress

Every command answers --help. Settings come from the environment (DATABASE_PATH, PORT, …;
see the README's Configuration).

${EXIT_CODES}`;

/**
 * A mistake in the command line (or a name already taken): exit 2. The one line ends with a
 * pointer to the help of `command` (the words naming it; [] for the top level), or with none.
 */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string[] | null = [],
  ) {
    super(message);
  }
}

type Values = { [option: string]: string | boolean | (string | boolean)[] | undefined };

type Command = {
  /** The words that name it: ['token', 'create']. */
  words: string[];
  help: string;
  options?: ParseArgsConfig['options'];
  /** How many positional arguments it takes, named for the error message. */
  positionals?: string[];
  run(args: { values: Values; positionals: string[] }): Promise<number>;
};

const COMMANDS: Command[] = [
  {
    words: ['serve'],
    help: `usage: ${CLI} serve

Serves the API, as npm start does: reads the configuration from the environment, applies
pending migrations, listens on HOST:PORT (default 127.0.0.1:8787), and stops cleanly on
SIGTERM or SIGINT. Exits 1 when the configuration is bad or a migration fails.
`,
    run: async () => {
      await import('./main.js');
      return -1; // keeps running
    },
  },
  {
    words: ['migrate'],
    help: `usage: ${CLI} migrate

Applies the pending database migrations to DATABASE_PATH without serving (start-up does
this too), and says on stderr which it applied. Exits 1 when one fails (nothing of it is kept).
`,
    run: () =>
      withDatabase(async ({ migrate }) => {
        const applied = await migrate();
        process.stderr.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
        return 0;
      }),
  },
  {
    words: ['backup'],
    help: `usage: ${CLI} backup PATH [--force]

Writes a consistent copy of DATABASE_PATH to the file PATH, also while the server is serving
(VACUUM INTO: one read transaction, which writers do not wait for), and checks the copy with
PRAGMA integrity_check before giving it that name; says on stderr what it wrote. The copy holds
every write committed before it began. An existing PATH is refused unless --force replaces it,
and so is a folder that does not exist. Exits 1 when the backup fails: nothing is left at PATH.
  --force   replace PATH if it exists
`,
    options: { force: { type: 'boolean', default: false } },
    positionals: ['PATH'],
    run: async ({ values, positionals: [path] }) => {
      const { loadConfig } = await import('./config.js');
      const { checkBackupTarget, writeBackupFile } = await import('./backups/backup-file.js');
      const config = loadConfig();
      const force = values.force === true;
      let bytes: number, target: string;
      try {
        target = checkBackupTarget(config.databasePath, path!, force);
        ({ bytes } = writeBackupFile(config.databasePath, target, `${target}.${process.pid}.tmp`, { overwrite: force }));
      } catch (err) {
        throw new Error(`backup: ${(err as Error).message}`);
      }
      process.stderr.write(`backed up ${config.databasePath} to ${target}: ${bytes} bytes, integrity_check ok\n`);
      return 0;
    },
  },
  {
    words: ['token', 'create'],
    help: `usage: ${CLI} token create --name NAME --role ROLE

Creates a token and prints its secret on stdout, once: only a hash of it is stored.
  --name NAME   up to 100 letters, digits, spaces and . _ @ + - (starting with a letter or digit)
  --role ROLE   ${ROLES.join(', ')} (each may do what the next may)
Exits 2 when the name is taken (revoked tokens keep theirs).
`,
    options: { name: { type: 'string' }, role: { type: 'string' } },
    run: async ({ values }) => {
      const usage = (message: string) => new UsageError(`token create: ${message}`, ['token', 'create']);
      if (values.name === undefined) throw usage('--name is required');
      const { TokenName } = await import('./auth/tokens.schemas.js');
      const name = TokenName.safeParse(values.name);
      if (!name.success) throw usage(`--name: ${name.error.issues[0]?.message ?? 'invalid'}`);
      const role = values.role;
      if (role === undefined) throw usage('--role is required');
      if (!isRole(role)) throw usage(`--role must be one of ${ROLES.join(', ')}, not "${String(role)}"`);
      const { createToken, findTokenByName } = await import('./auth/tokens.repository.js');
      const { isUniqueViolation } = await import('./db/errors.js');
      return withDatabase(async ({ migrate, transact }) => {
        await migrate();
        const taken = () => new UsageError(`token create: a token named "${name.data}" exists already`, null);
        const { secret } = await transact(async (trx) => {
          if (await findTokenByName(trx, name.data)) throw taken();
          return createToken(trx, { name: name.data, role, now: new Date() });
        }).catch((err: unknown) => {
          throw isUniqueViolation(err) ? taken() : err;
        });
        process.stdout.write(`${secret}\n`);
        process.stderr.write(`created ${role} token "${name.data}"; the secret above is shown only once\n`);
        return 0;
      });
    },
  },
  {
    words: ['token', 'list'],
    help: `usage: ${CLI} token list

Lists the tokens on stdout, one a line, tab-separated: name, role, active or revoked, when
created, when last used. Never their secrets.
`,
    run: () =>
      withDatabase(async ({ db, migrate }) => {
        await migrate();
        const { listTokens } = await import('./auth/tokens.repository.js');
        const rows = await listTokens(db);
        const lines = rows.map((t) =>
          [t.name, t.role, t.revokedAt ? `revoked ${t.revokedAt}` : 'active', `created ${t.createdAt}`, `last used ${t.lastUsedAt ?? 'never'}`].join('\t'),
        );
        process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
        if (!lines.length) process.stderr.write('no tokens yet\n');
        return 0;
      }),
  },
  {
    words: ['token', 'revoke'],
    help: `usage: ${CLI} token revoke NAME

Revokes the active token named NAME: it answers 401 from then on. Exits 2 when there is none.
`,
    positionals: ['NAME'],
    run: ({ positionals: [name] }) =>
      withDatabase(async ({ migrate, transact }) => {
        await migrate();
        const { revokeToken } = await import('./auth/tokens.repository.js');
        if (!(await transact((trx) => revokeToken(trx, name!, new Date())))) throw new UsageError(`token revoke: no active token named "${name}"`, null);
        process.stderr.write(`revoked "${name}"\n`);
        return 0;
      }),
  },
  {
    words: ['openapi'],
    help: `usage: ${CLI} openapi [--check]

Writes openapi.yaml from the route schemas, and client/api.ts (the TypeScript types for
openapi-fetch) from it. With --check, writes nothing and exits 1 if either is stale.
`,
    options: { check: { type: 'boolean', default: false } },
    run: async ({ values }) => {
      const { createApi, openApiYaml } = await import('./api.js');
      const yaml = openApiYaml(createApi());
      // Generating the client types needs openapi-typescript, a development dependency: loaded only here.
      const client = await import('../client/generate.js');
      if (values.check) {
        const stale = [
          ...(safeRead(OPENAPI_PATH) === yaml ? [] : ['openapi.yaml']),
          ...((await client.clientTypesAreFresh(yaml)) ? [] : ['client/api.ts']),
        ];
        const verb = stale.length > 1 ? 'are' : 'is';
        process.stderr.write(stale.length ? `${stale.join(' and ')} ${verb} stale: run \`npm run openapi\`\n` : 'openapi.yaml and client/api.ts are up to date\n');
        return stale.length ? 1 : 0;
      }
      writeFileSync(OPENAPI_PATH, yaml);
      await client.writeClientTypes(yaml);
      process.stderr.write('wrote openapi.yaml and client/api.ts\n');
      return 0;
    },
  },
  {
    words: ['import-issues'],
    help: `usage: ${CLI} import-issues DIR [--start N] [--draft]

Imports a newsletter's archive: every *.md file in DIR, each one past issue in the
newsletter Markdown format (README, "Importing past issues"). They are numbered in the
order of their dates (files of one date by name) from 1, or from N, and published with
their dates. Prints one line per file, tab-separated: the file, the issue's number, its
date, published or draft, its items, its subject.
  --start N   the first issue's number (default 1)
  --draft     import them as drafts
Every file is checked before anything is written, and all are imported in one transaction:
nothing is kept unless every file comes in. Exits 1 with a line for each problem, naming the
file and line (not in the format, a page in two files or already in an issue, a number
taken), 2 when DIR is not a folder with .md files in it.
`,
    options: { start: { type: 'string' }, draft: { type: 'boolean', default: false } },
    positionals: ['DIR'],
    run: async ({ values, positionals: [dir] }) => {
      const { importIssuesCommand, readArchiveFolder } = await import('./issues/import-archive-command.js');
      const args = readArchiveFolder(dir!, values, (message) => new UsageError(`import-issues: ${message}`, ['import-issues']));
      return withDatabase(async (database) => importIssuesCommand(database, args.files, args.options));
    },
  },
  {
    words: ['import'],
    help: `usage: ${CLI} import FILE [--format F] [--status pending] [--dry-run]

Imports a bookmark file into DATABASE_PATH, as POST /v1/imports does, without a server: a
Netscape bookmark file (any browser's export), Pinboard JSON, Raindrop CSV, Karakeep JSON,
linkding JSON or a list of URLs, told from its content; or restores linkletter's own JSON
export (cli -- export) with its issues and settings. Progress goes to stderr (a bar on a
terminal), the finished import's JSON to stdout. A server running on the same database may go
on meanwhile; Ctrl-C stops after the batch in hand, and the import goes on the next time a
server runs. IMPORT_MAX_BYTES does not apply here.
  --format F        netscape, pinboard, raindrop, karakeep, linkding, urls or linkletter (default: told from the file)
  --status pending  new links wait in the moderation queue (default: approved)
  --dry-run         count what the import would do, and write no link
Exits 1 when the file cannot be read or the import fails or is stopped, 2 when FILE is missing.
`,
    options: { format: { type: 'string' }, status: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    positionals: ['FILE'],
    run: async ({ values, positionals: [file] }) => {
      const { importCommandOf, runImportCommand } = await import('./imports/import-cli.js');
      const command = importCommandOf(file!, values, (message) => new UsageError(`import: ${message}`, ['import']));
      return withDatabase(async ({ db, transact, migrate, databasePath }) => {
        await migrate();
        return runImportCommand(db, transact, { ...command, databasePath }, { stdout: process.stdout, stderr: process.stderr });
      });
    },
  },
  {
    words: ['export'],
    help: `usage: ${CLI} export [--format F] [--out FILE]

Writes everything GET /v1/export gives, from one snapshot of DATABASE_PATH (a server may go on
serving and writing meanwhile; those writes are not in it), to FILE or to stdout. Progress
(links done/total, rate, time left) goes to stderr: a bar on a terminal, a line every two
seconds otherwise. FILE is written under a temporary name and renamed when complete.
  --format F   json (default: the complete dump, which import restores), netscape or csv
  --out FILE   where to write it (replaced if it exists); default stdout
Exits 1 when it cannot be written.
`,
    options: { format: { type: 'string', default: 'json' }, out: { type: 'string' } },
    run: async ({ values }) => {
      const { EXPORT_FORMATS } = await import('./exports/export-formats.js');
      const format = String(values.format) as (typeof EXPORT_FORMATS)[number];
      if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`export: --format must be one of ${EXPORT_FORMATS.join(', ')}, not "${format}"`, ['export']);
      const { runExportCommand } = await import('./exports/export-cli.js');
      const out = values.out as string | undefined;
      return withDatabase(async ({ db, migrate, databasePath }) => (await migrate(), runExportCommand(db, { format, out, databasePath }, process)));
    },
  },
];


const TOKEN_HELP = `usage: ${CLI} token <create|list|revoke> …

  token create --name NAME --role ROLE    print a new token's secret (roles: ${ROLES.join(', ')})
  token list                              list tokens (never their secrets)
  token revoke NAME                       revoke a token

Each answers --help.
`;

const wantsHelp = (args: string[]) => args.some((a) => a === '--help' || a === '-h');

async function run(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (first === undefined) throw new UsageError(`a command is required: ${commandNames()}`);
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = argv.slice(1);
    const command = topic.length ? find(topic) : undefined;
    process.stdout.write(command?.help ?? (topic[0] === 'token' ? TOKEN_HELP : USAGE));
    return 0;
  }
  if (first === 'token' && (second === undefined || second.startsWith('-') || !find(argv))) {
    if (second === undefined) throw new UsageError('token needs a subcommand: create, list or revoke', ['token']);
    if (wantsHelp([second])) {
      process.stdout.write(TOKEN_HELP);
      return 0;
    }
    throw new UsageError(`unknown token subcommand "${second}": create, list or revoke`, ['token']);
  }
  const command = find(argv);
  if (!command) throw new UsageError(`unknown command "${first}": ${commandNames()}`);
  const rest = argv.slice(command.words.length);
  if (wantsHelp(rest)) {
    process.stdout.write(command.help);
    return 0;
  }
  return command.run(parse(command, rest));
}

function find(argv: string[]): Command | undefined {
  return COMMANDS.find((c) => c.words.every((word, i) => argv[i] === word));
}

function commandNames(): string {
  return [...new Set(COMMANDS.map((c) => c.words[0]))].join(', ');
}

/** The command's options and positionals, or a one-line UsageError that names what is wrong. */
function parse(command: Command, args: string[]) {
  const name = command.words.join(' ');
  const usage = (message: string) => new UsageError(message, command.words);
  const expected = command.positionals ?? [];
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const option = /'(-[^' ]*)/.exec((err as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usage(`${name}: unknown option ${option ?? ''}`.trimEnd());
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const takesNone = /does not take an argument/.test((err as Error).message);
      throw usage(`${name}: ${option ?? 'an option'} ${takesNone ? 'takes no value' : 'needs a value'}`);
    }
    throw usage(`${name}: ${(err as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > expected.length) {
    const extra = positionals[expected.length]!;
    throw usage(expected.length ? `${name} takes one ${expected.join(' ')}, not also "${extra}"` : `${name} takes no argument "${extra}"`);
  }
  if (positionals.length < expected.length) throw usage(`${name}: ${expected[positionals.length]} is required`);
  return { values, positionals };
}

type CliDatabase = { db: Db; transact: Transact; migrate(): Promise<string[]>; databasePath: string };

async function withDatabase(work: (database: CliDatabase) => Promise<number>): Promise<number> {
  const { loadConfig } = await import('./config.js');
  const { openDatabase } = await import('./db/database.js');
  const { migrateToLatest } = await import('./db/migrate.js');
  const { createTransact } = await import('./db/transact.js');
  const { flushLinkSearch } = await import('./links/search/search-index.repository.js');
  const config = loadConfig();
  const handle = openDatabase(config.databasePath, { mmapSize: config.sqliteMmapSize });
  try {
    return await work({ db: handle.db, transact: createTransact(handle.db, { guard: config.guardTransactions, beforeCommit: flushLinkSearch }), migrate: () => migrateToLatest(handle), databasePath: config.databasePath });
  } finally {
    await handle.close();
  }
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

try {
  const code = await run(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (err) {
  // One line naming the problem. ConfigError and MigrationError messages already say which
  // variable or migration; anything else unexpected is a failure too (exit 1).
  const message = err instanceof Error ? err.message : String(err);
  const help = err instanceof UsageError ? err.command : null;
  const hint = help === null ? '' : ` (see ${[...help, '--help'].join(' ')})`;
  process.stderr.write(`linkletter: ${message.replace(/\s*\n\s*/g, ' ')}${hint}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
