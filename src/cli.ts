import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApi, openApiYaml } from './api.js';
import { isRole, ROLES } from './auth/roles.js';
import { createToken, findTokenByName, listTokens, revokeToken } from './auth/tokens.repository.js';
import { TokenName } from './auth/tokens.schemas.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { isUniqueViolation } from './db/errors.js';
import { MigrationError, migrateToLatest } from './db/migrate.js';
import { createTransact, type Transact } from './db/transact.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

const usage = `usage: npm run --silent cli -- <command>

  serve                                   serve the API (same as npm start)
  migrate                                 apply pending database migrations
  token create --name NAME --role ROLE    print a new token's secret (roles: ${ROLES.join(', ')})
  token list                              list tokens (never their secrets)
  token revoke NAME                       revoke a token
  openapi [--check]                       write openapi.yaml and client/api.ts (--check: fail if stale)
`;

class UsageError extends Error {}

/** Everything this prints on stdout is the answer (a secret, a table); notes go to stderr. */
async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await import('./main.js');
      return -1; // keeps running
    case 'migrate':
      return withDatabase(async ({ migrate }) => {
        const applied = await migrate();
        process.stderr.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
        return 0;
      });
    case 'token':
      return token(rest);
    case 'openapi': {
      const { values } = parseArgs({ args: rest, options: { check: { type: 'boolean', default: false } } });
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
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

async function token(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, role: { type: 'string' } } });
    const name = TokenName.safeParse(values.name ?? '');
    if (!name.success) throw new UsageError(`--name: ${name.error.issues[0]?.message ?? 'required'}`);
    const role = values.role;
    if (!isRole(role)) throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`);
    return withDatabase(async ({ migrate, transact }) => {
      await migrate();
      const taken = () => new UsageError(`a token named "${name.data}" exists already`);
      const { secret } = await transact(async (trx) => {
        if (await findTokenByName(trx, name.data)) throw taken();
        return createToken(trx, { name: name.data, role, now: new Date() });
      }).catch((err: unknown) => {
        throw isUniqueViolation(err) ? taken() : err;
      });
      process.stdout.write(`${secret}\n`);
      process.stderr.write(`created ${values.role} token "${name.data}"; the secret above is shown only once\n`);
      return 0;
    });
  }
  if (sub === 'list') {
    return withDatabase(async ({ db, migrate }) => {
      await migrate();
      const rows = await listTokens(db);
      const lines = rows.map((t) =>
        [t.name, t.role, t.revokedAt ? `revoked ${t.revokedAt}` : 'active', `created ${t.createdAt}`, `last used ${t.lastUsedAt ?? 'never'}`].join('\t'),
      );
      process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
      if (!lines.length) process.stderr.write('no tokens yet\n');
      return 0;
    });
  }
  if (sub === 'revoke') {
    const name = rest[0];
    if (!name || rest.length > 1) throw new UsageError('token revoke takes one NAME');
    return withDatabase(async ({ migrate, transact }) => {
      await migrate();
      if (!(await transact((trx) => revokeToken(trx, name, new Date())))) throw new UsageError(`no active token named "${name}"`);
      process.stderr.write(`revoked "${name}"\n`);
      return 0;
    });
  }
  throw new UsageError('token takes create, list or revoke');
}

type CliDatabase = { db: Db; transact: Transact; migrate(): Promise<string[]> };

async function withDatabase(work: (database: CliDatabase) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const handle = openDatabase(config.databasePath, { mmapSize: config.sqliteMmapSize });
  try {
    return await work({ db: handle.db, transact: createTransact(handle.db, { guard: config.guardTransactions }), migrate: () => migrateToLatest(handle) });
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
  if (err instanceof UsageError) {
    process.stderr.write(`linkletter: ${err.message}\n\n${usage}`);
    process.exitCode = 2;
  } else if (err instanceof ConfigError || err instanceof MigrationError) {
    process.stderr.write(`linkletter: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`linkletter: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
