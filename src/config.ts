import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives a Config.
 * A bad value stops start-up with one readable line (see formatConfigError).
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

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
    importMaxBytes: e.IMPORT_MAX_BYTES,
    guardTransactions: e.NODE_ENV === 'test' || e.NODE_ENV === 'development',
  });
}

/** A config for tests and tools: defaults, then the overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...loadConfig({}), databasePath: ':memory:', logLevel: 'silent', enrich: false, guardTransactions: true, ...overrides });
}
