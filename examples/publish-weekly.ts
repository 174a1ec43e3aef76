// Assembles and publishes this week's issue against a running linkletter, then writes its
// Markdown to a file (for a static site). Every call goes through openapi-fetch typed by
// client/api.ts (generated from openapi.yaml), so a change of the API that breaks this
// script fails `tsc` (and so `npm test`).
//
//   LINKLETTER_TOKEN=... npx tsx examples/publish-weekly.ts --subject "This week in SQLite" --out issue.md
//
// Options: --subject TEXT (required unless the day's draft exists), --date YYYY-MM-DD (default
// today, UTC), --since YYYY-MM-DD (only links added since), --tag NAME (repeatable), --strict
// (warnings also stop publishing), --out FILE (default issue-<number>.md).
// Environment: LINKLETTER_URL (default http://127.0.0.1:8787), LINKLETTER_TOKEN (an editor token).
//
// The day's issue is the one dated --date. If it is published already, a run does nothing and
// says so; if it is a draft (an earlier run stopped at the check), the run continues with it.
// Prints the file written on stdout, notes on stderr. Exit codes: 0 published (or nothing to
// do), 1 failed (the check found errors and the draft stays unpublished, the server refused a
// request or cannot be reached), 2 a bad option. Every failure is one line on stderr.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import createClient from 'openapi-fetch';
import type { paths } from '../client/api.js';

class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function options() {
  try {
    return parseArgs({
      options: {
        subject: { type: 'string' },
        date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
        since: { type: 'string' },
        tag: { type: 'string', multiple: true, default: [] },
        strict: { type: 'boolean', default: false },
        out: { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw new Failure(`${(err as Error).message} (options: --subject, --date, --since, --tag, --strict, --out)`, 2);
  }
}

/** The server's own words for a refused request: a problem's `detail`, or the start of a body that is not one. */
function reason(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'detail' in error && typeof error.detail === 'string') return error.detail;
  const text = typeof error === 'string' ? error : (JSON.stringify(error) ?? '');
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'no explanation in the response';
}

/** The answer to a call, or a Failure naming the request and what the server said. */
async function ok<T>(label: string, call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) throw new Failure(`${label} → ${response.status}: ${reason(error)}`);
  return data;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** fetch() rejects with `TypeError: fetch failed` and the socket's error as its cause. */
function networkError(err: unknown): string | undefined {
  if (!(err instanceof TypeError) || !(err.cause instanceof Error)) return undefined;
  const code = (err.cause as NodeJS.ErrnoException).code;
  return (code && NETWORK_ERRORS[code]) ?? code ?? err.cause.message;
}

async function main(): Promise<string> {
  const values = options();
  const baseUrl = (process.env.LINKLETTER_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl) || !URL.canParse(baseUrl)) throw new Failure(`LINKLETTER_URL is not an http(s) URL: ${baseUrl}`);
  const token = process.env.LINKLETTER_TOKEN;
  if (!token) throw new Failure('set LINKLETTER_TOKEN to an editor token (npm run --silent cli -- token create --name bot --role editor)');

  try {
    return await publish(values, baseUrl, token);
  } catch (err) {
    const network = networkError(err);
    if (network) throw new Failure(`cannot reach ${baseUrl} (${network})`);
    throw err;
  }
}

async function publish(values: ReturnType<typeof options>, baseUrl: string, token: string): Promise<string> {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

  // The day's issue: published already (nothing to do), a draft (go on with it), or none yet.
  const sameDay = [];
  let cursor: string | undefined;
  do {
    const { data, error, response } = await client.GET('/v1/issues', { params: { query: { limit: 100, cursor } } });
    if (!data) throw new Error(`GET /v1/issues → ${response.status}: ${reason(error)}`);
    sameDay.push(...data.items.filter((issue) => issue.date === values.date));
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  const published = sameDay.find((issue) => issue.status === 'published');
  if (published) return `issue ${published.number} of ${values.date} is already published; nothing to do`;

  let number = sameDay.find((issue) => issue.status === 'draft')?.number;
  if (number === undefined) {
    if (!values.subject) throw new Failure('--subject is required to start a new issue', 2);
    const body = { date: values.date, subject: values.subject };
    ({ number } = await ok('POST /v1/issues', client.POST('/v1/issues', { body })));
    console.error(`started issue ${number}`);
  } else {
    console.error(`continuing with draft issue ${number}`);
  }
  const path = { number };
  const at = `/v1/issues/${number}`;

  const assembly = { ...(values.tag.length ? { tags: values.tag } : {}), ...(values.since ? { since: values.since } : {}) };
  const { added } = await ok(`POST ${at}/assemble`, client.POST('/v1/issues/{number}/assemble', { params: { path }, body: assembly }));
  console.error(`added ${added.length} link(s) to issue ${number}`);

  const check = await ok(`GET ${at}/check`, client.GET('/v1/issues/{number}/check', { params: { path } }));
  for (const finding of check.warnings) console.error(`warning: ${finding.message}`);
  for (const finding of check.errors) console.error(`error: ${finding.message}`);
  if (!check.ok || (values.strict && check.warnings.length > 0)) throw new Failure(`issue ${number} left as a draft`);

  const query = values.strict ? { strict: 'true' as const } : {};
  await ok(`POST ${at}/publish`, client.POST('/v1/issues/{number}/publish', { params: { path, query } }));
  const markdown = await ok(`GET ${at}.md`, client.GET('/v1/issues/{number}', { params: { path: { number: `${number}.md` } }, parseAs: 'text' }));
  const out = values.out ?? `issue-${number}.md`;
  await writeFile(out, markdown);
  console.log(out);
  return `published issue ${number}`;
}

try {
  console.error(await main());
} catch (err) {
  console.error(`publish-weekly: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof Failure ? err.exitCode : 1;
}
