import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives a Config.
 * A bad value stops start-up with one readable line (see formatConfigError).
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

const DURATION_UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MIN_BACKUP_EVERY_MS = 60_000;
const MAX_BACKUP_EVERY_MS = 365 * 86_400_000;

/** `30m`, `24h`, `7d`: one whole number and one unit, nothing else (`1h30m`, `1.5h` and `24` are refused). */
const backupEvery = z.string().transform((value, ctx) => {
  if (value === 'off') return null;
  const match = /^([1-9][0-9]{0,8})(s|m|h|d)$/.exec(value);
  const ms = match ? Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS] : NaN;
  if (!(ms >= MIN_BACKUP_EVERY_MS && ms <= MAX_BACKUP_EVERY_MS)) {
    ctx.addIssue({ code: 'custom', message: 'expected off or a duration from 1m to 365d such as 30m, 24h or 7d' });
    return z.NEVER;
  }
  return ms;
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/linkletter.db'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SQLITE_MMAP_SIZE: z.coerce.number().int().min(0).default(128 * 1024 * 1024),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter((o) => o.length > 0))
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  ENRICH: z.enum(['on', 'off']).default('on'),
  ENRICH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  FETCH_ALLOW_PRIVATE: booleanString.default(false),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WORKERS: z.coerce.number().int().min(1).max(32).default(1),
  SUBMISSION_RATE: z.coerce.number().int().min(1).max(100_000).default(10),
  SUBMISSION_DAILY: z.coerce.number().int().min(1).max(10_000_000).default(100),
  SUBMISSION_POW_BITS: z.coerce.number().int().min(0).max(32).default(0),
  TRUST_PROXY: z.coerce.number().int().min(0).max(16).default(0),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  BACKUP_EVERY: backupEvery.default(null),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 40).default(100 * 1024 * 1024),
  NODE_ENV: z.string().optional(),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databasePath: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  sqliteMmapSize: number;
  corsOrigins: readonly string[];
  enrich: boolean;
  enrichConcurrency: number;
  fetchAllowPrivate: boolean;
  fetchTimeoutMs: number;
  /** Server processes sharing the port and the database file (see src/cluster.ts). */
  workers: number;
  /** Public submissions one client may make a minute, and a day (sliding windows). */
  submissionRate: number;
  submissionDaily: number;
  /** Leading zero bits a submission's proof of work must have; 0 = no proof asked. */
  submissionPowBits: number;
  /** Proxies in front of the server: the client is the TRUST_PROXY-th X-Forwarded-For address from the right. 0 = the socket's. */
  trustProxy: number;
  /** Where backups go; null: a `backups` folder beside the database file (see backupDirectory). */
  backupDir: string | null;
  /** Backups kept in backupDir: taking one removes the oldest beyond this many. */
  backupKeep: number;
  /** Take a backup this often (ms) while serving; null: only when asked. */
  backupEveryMs: number | null;
  /** The largest file POST /v1/imports takes (the 64 KiB limit of other bodies does not apply to it). */
  importMaxBytes: number;
  /**
   * Whether a query through `db` (or a nested transact) inside a transact() callback throws
   * at once instead of hanging. On for NODE_ENV=test or development; it makes every promise
   * dearer (see src/db/write-scope.ts), so it is off otherwise.
   */
  guardTransactions: boolean;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    logLevel: e.LOG_LEVEL,
    sqliteMmapSize: e.SQLITE_MMAP_SIZE,
    corsOrigins: Object.freeze([...e.CORS_ORIGINS]),
    enrich: e.ENRICH === 'on',
    enrichConcurrency: e.ENRICH_CONCURRENCY,
    fetchAllowPrivate: e.FETCH_ALLOW_PRIVATE,
    fetchTimeoutMs: e.FETCH_TIMEOUT_MS,
    workers: e.WORKERS,
    submissionRate: e.SUBMISSION_RATE,
    submissionDaily: e.SUBMISSION_DAILY,
    submissionPowBits: e.SUBMISSION_POW_BITS,
    trustProxy: e.TRUST_PROXY,
    backupDir: e.BACKUP_DIR ?? null,
    backupKeep: e.BACKUP_KEEP,
    backupEveryMs: e.BACKUP_EVERY,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    guardTransactions: e.NODE_ENV === 'test' || e.NODE_ENV === 'development',
  });
}

/** A config for tests and tools: defaults, then the overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...loadConfig({}), databasePath: ':memory:', logLevel: 'silent', enrich: false, guardTransactions: true, ...overrides });
}
