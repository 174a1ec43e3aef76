import { appendFileSync } from 'node:fs';
import type { Clock } from '../../src/clock.js';
import { createApp } from '../../src/app.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { testConfig, type Config } from '../../src/config.js';
import { createContext, type ContextParts } from '../../src/context.js';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createToken } from '../../src/auth/tokens.repository.js';
import { silentLogger } from '../../src/logger.js';
import type { FetchPage } from '../../src/enrichment/fetch-page.js';
import { contractViolations } from './contract.js';

/** A clock that moves only when told, so ordering and timestamps are deterministic. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-01-05T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

type RequestOptions = { token?: string | null; body?: unknown; headers?: Record<string, string> };

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A fresh app on a fresh, migrated in-memory SQLite database, with one token per role.
 * Each test gets its own; nothing is shared between tests.
 */
export type TestAppOptions = {
  /** With a fetcher, the app gets an enrichment worker; tests drive it with `worker.drain()`. */
  fetchPage?: FetchPage;
  worker?: ContextParts['worker'];
  imports?: ContextParts['imports'];
  /** A database file instead of a private in-memory database (for what needs a second connection to it). */
  databasePath?: string;
};

export async function createTestApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}) {
  const databasePath = options.databasePath ?? ':memory:';
  const handle: DbHandle = openDatabase(databasePath);
  await migrateToLatest(handle);
  const clock = new ManualClock();
  // The same factory as the server's. Tests drive the worker themselves (drain), so it is not
  // woken on enqueue: notify is replaced with a no-op.
  const { ctx: built, worker, importRunner } = await createContext({
    db: handle.db,
    config: testConfig({ databasePath, ...overrides }),
    clock,
    logger: silentLogger,
    fetchPage: options.fetchPage,
    worker: { concurrency: 4, ...options.worker },
    imports: options.imports,
  });
  // Tests run imports themselves too (importRunner.drain()), so the runner is not woken either.
  const ctx = { ...built, enrichment: { notify: () => {} }, imports: { ...built.imports, notify: () => {} } };
  const app = createApp(ctx);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = (await ctx.transact((trx) => createToken(trx, { name: `${role}-token`, role, now: clock.now() }))).secret;
  }

  /** Sends a request; `token` defaults to the editor's, `null` sends none. */
  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? tokens.editor : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const violations = await contractViolations(method, path, res);
    if (violations.length > 0) {
      if (process.env.CONTRACT_REPORT) appendFileSync(process.env.CONTRACT_REPORT, `${violations.join('\n')}\n`);
      else throw new Error(`The response breaks openapi.yaml:\n${violations.join('\n')}`);
    }
    return res;
  }

  /** Creates a link as the editor and returns its JSON; fails the test on anything but 201. */
  async function createLink(body: Record<string, unknown>): Promise<any> {
    const res = await request('POST', '/v1/links', { body });
    if (res.status !== 201) throw new Error(`createLink ${JSON.stringify(body)} → ${res.status} ${await res.text()}`);
    clock.advance(1000);
    return res.json();
  }

  async function close(): Promise<void> {
    await importRunner.stop();
    await worker?.stop();
    await handle.close();
  }

  return { app, ctx, db: handle.db, sqlite: handle.sqlite, clock, tokens, request, createLink, worker, importRunner, close };
}

export async function problemOf(res: Response): Promise<any> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${type}: ${await res.text()}`);
  return res.json();
}

/**
 * Puts a link into newsletter issue `issueNumber` straight in the database (section `Tools`,
 * at the end), creating the issue as an unpublished draft if there is none with that number.
 */
export async function putLinkInIssue(t: TestApp, linkId: number, issueNumber: number): Promise<void> {
  const now = t.clock.now().toISOString();
  await t.ctx.transact(async (trx) => {
  const existing = await trx.selectFrom('issues').select('id').where('number', '=', issueNumber).executeTakeFirst();
  const { id: issueId } =
    existing ??
    (await trx
      .insertInto('issues')
      .values({ number: issueNumber, date: '2026-01-01', subject: 's', note: null, quote_text: null, quote_author: null, quote_url: null, published_at: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow());
  const { count } = await trx.selectFrom('issue_items').select((eb) => eb.fn.countAll<number>().as('count')).where('issue_id', '=', issueId).executeTakeFirstOrThrow();
  await trx.insertInto('issue_items').values({ link_id: linkId, issue_id: issueId, section: 'Tools', position: Number(count), title: null, blurb: null, markdown: null }).execute();
  });
}
