/**
 * What the bench measures. Each scenario prepares its requests against the running,
 * seeded server (following cursors, finding tags), checks one response for real, and is
 * skipped with a note when the feature it measures has not landed.
 */
import { performance } from 'node:perf_hooks';
import type { Request } from 'autocannon';
import SQLite from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { createRandom, createZipf } from './corpus.js';
import type { Measurement } from './load.js';
import { bulkApprove } from './bulk-approve.js';
import { describeReaders, listAndHealthz, READ_LEAD_MS, readerMeasurement, readsDuring, type ReaderFigures } from './reads-during.js';
import { int, ms } from './report.js';
import { exportScenario } from './export-scenario.js';
import { importScenario } from './import-scenario.js';
import { SEARCH_SCENARIOS } from './search-scenarios.js';

export type Target =
  /** req/s at least `min` × the baseline's (GET /healthz); with `p99Ms`, and p99 under that. */
  | { kind: 'baseline'; min: number; p99Ms?: number }
  /** p99 under `maxMs`, in ms. */
  | { kind: 'p99'; maxMs: number }
  /** req/s at least `min` × another scenario's, measured in the same run. */
  | { kind: 'scenario'; of: string; min: number }
  /** A one-shot scenario's reader latency (its measurement's p99), in ms, under `maxMs`. */
  | { kind: 'latency'; label: string; maxMs: number }
  /** A one-shot scenario's own rate (OnceResult.rate: links a second, say), at least `min`. */
  | { kind: 'rate'; label: string; min: number };

export type BenchContext = {
  baseUrl: string;
  token: string;
  links: number;
  /** The seeded file the server runs on (a scenario may read it, read-only, to check what it needs). */
  dbPath: string;
  /** Tag names by popularity rank (0 = most used). */
  tagsByRank: { name: string; count: number }[];
  /** Number of the newest published issue. */
  latestPublished: number;
  features: Features;
  /** Unique per run, so POSTed URLs never collide with a kept database's. */
  runTag: string;
  log: (message: string) => void;
  /** The server's highest RSS since the scenario's phase began (bytes). */
  phasePeak?: () => number;
};

export type Features = {
  /** A full-text index backs `q` (an FTS5 table exists after the migrations). */
  fullText: boolean;
  /** The `sort` value that ranks search results by relevance, if the API has one. */
  rankedSort: string | null;
  /** `q` understands qualifiers such as `tag:` (read from the OpenAPI description of `q`). */
  qualifiers: boolean;
  qDescription: string;
};

export type Prepared = {
  /** What is requested, for the table (e.g. the resolved URL). */
  detail: string;
  requests: Request[];
  /**
   * A scenario measured once instead of under autocannon (a long write, say): run in the
   * scenario's turn, it returns its own figures. `requests` is then empty.
   */
  once?: () => Promise<OnceResult>;
};

export type OnceResult = {
  /** Replaces Prepared.detail in the table: the figures in words. */
  detail: string;
  /** The reader's figures in the table's columns (p50, p99); rps is reads per second during the write. */
  measurement: Measurement;
  figures: OnceFigures;
  /** What a `rate` target holds against (links exported a second, say). */
  rate?: number;
};

export type OnceFigures = {
  write: {
    what: string;
    /** Wall time of the whole write, all calls, as the bench saw it. */
    ms: number;
    /** Each call; `added` is what it wrote: links added to the issue, ids a bulk action did. */
    calls: { body: string; status: number; ms: number; added: number }[];
    note?: string;
  };
  readers: ReaderFigures[];
};

export type Scenario = {
  name: string;
  label: string;
  target?: Target;
  /** Writes go last, so every read sees the table as seeded. */
  writes?: boolean;
  /** A string is a skip note. */
  prepare(ctx: BenchContext): Promise<Prepared | string>;
};

export const BASELINE = 'healthz';
export const LIMIT = 20;
/** Links the assemble row adds, and how often its reader reads while it runs. */
const ASSEMBLE = 1000;

export const auth = (ctx: BenchContext) => ({ Authorization: `Bearer ${ctx.token}` });

/** GETs once, for real: a scenario that errors is reported, not measured. */
export async function probe(ctx: BenchContext, path: string, headers: Record<string, string> = auth(ctx)): Promise<{ status: number; body: string }> {
  const res = await fetch(ctx.baseUrl + path, { headers });
  return { status: res.status, body: await res.text() };
}

export async function expectItems(ctx: BenchContext, path: string): Promise<{ items: { id: number }[]; nextCursor: string | null }> {
  const { status, body } = await probe(ctx, path);
  if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 300)}`);
  const page = JSON.parse(body) as { items: { id: number }[]; nextCursor: string | null };
  if (page.items.length === 0) throw new Error(`GET ${path} returned no items; the scenario would measure an empty page`);
  return page;
}

/** What feed readers send: every common one takes gzip. */
const FEED_READER = { 'Accept-Encoding': 'gzip' };

export const get = (path: string, headers: Record<string, string>): Request => ({ method: 'GET', path, headers });

/** Page depth for the deep-page scenario: page 1000 at 1M links, proportionally fewer below. */
export function deepPageNumber(links: number): number {
  return Math.max(5, Math.round((1000 * links) / 1_000_000));
}

export function tagQuery(ctx: BenchContext, ranks: number[]): string {
  return ranks.map((r) => `tag=${encodeURIComponent(ctx.tagsByRank[r]!.name)}`).join('&');
}

/**
 * A new link with 2 existing tags drawn as the seeded links' are (Zipf-like popularity, a
 * fixed seed): with one fixed pair, the links a run adds would all carry one tag without the
 * other, and every later AND of the two would first walk past all of them.
 */
function linkPost(ctx: BenchContext, counter: { n: number }): Request {
  const random = createRandom(counter.n + 1);
  const pickTag = createZipf(ctx.tagsByRank.length, 1.0);
  const twoTags = () => {
    const first = pickTag(random);
    let second = pickTag(random);
    while (second === first) second = pickTag(random);
    return [ctx.tagsByRank[first]!.name, ctx.tagsByRank[second]!.name];
  };
  return {
    method: 'POST',
    path: '/v1/links',
    headers: { ...auth(ctx), 'Content-Type': 'application/json' },
    setupRequest: (req) => {
      const n = ++counter.n;
      const body = JSON.stringify({
        url: `https://bench-writes.example/${ctx.runTag}/posts/a-new-article-${n}`,
        title: `Benchmark article number ${n}`,
        blurb: 'Posted by the benchmark to measure inserts.',
        tags: twoTags(),
      });
      return { ...req, body };
    },
  };
}

export const SCENARIOS: Scenario[] = [
  {
    name: BASELINE,
    label: 'GET /healthz (baseline)',
    async prepare(ctx) {
      const { status } = await probe(ctx, '/healthz', {});
      if (status !== 200) throw new Error(`/healthz answered ${status}`);
      return { detail: '/healthz', requests: [get('/healthz', {})] };
    },
  },
  {
    name: 'list',
    label: `GET /v1/links?limit=${LIMIT} (newest)`,
    target: { kind: 'baseline', min: 0.25 },
    async prepare(ctx) {
      const path = `/v1/links?limit=${LIMIT}`;
      await expectItems(ctx, path);
      return { detail: path, requests: [get(path, auth(ctx))] };
    },
  },
  {
    name: 'deep',
    label: 'GET /v1/links, a page deep in the cursor chain',
    target: { kind: 'scenario', of: 'list', min: 0.9 },
    async prepare(ctx) {
      const pages = deepPageNumber(ctx.links);
      let path = `/v1/links?limit=${LIMIT}`;
      for (let page = 1; page < pages; page++) {
        const { nextCursor } = await expectItems(ctx, path);
        if (!nextCursor) return `skipped: the chain ended before page ${pages}`;
        path = `/v1/links?limit=${LIMIT}&cursor=${encodeURIComponent(nextCursor)}`;
      }
      const { items } = await expectItems(ctx, path);
      return { detail: `page ${pages} (ids ≤ ${items[0]!.id})`, requests: [get(path, auth(ctx))] };
    },
  },
  {
    name: 'tag',
    label: 'GET /v1/links?tag=… (one tag)',
    target: { kind: 'baseline', min: 0.15 },
    async prepare(ctx) {
      const path = `/v1/links?limit=${LIMIT}&${tagQuery(ctx, [2])}`;
      await expectItems(ctx, path);
      const t = ctx.tagsByRank[2]!;
      return { detail: `${t.name} (${share(t.count, ctx.links)} of links)`, requests: [get(path, auth(ctx))] };
    },
  },
  {
    name: 'tags2',
    label: 'GET /v1/links?tag=…&tag=… (two tags, AND)',
    target: { kind: 'baseline', min: 0.1 },
    async prepare(ctx) {
      const path = `/v1/links?limit=${LIMIT}&${tagQuery(ctx, [0, 2])}`;
      await expectItems(ctx, path);
      const [a, b] = [ctx.tagsByRank[0]!, ctx.tagsByRank[2]!];
      return { detail: `${a.name} (${share(a.count, ctx.links)}) + ${b.name} (${share(b.count, ctx.links)})`, requests: [get(path, auth(ctx))] };
    },
  },
  ...SEARCH_SCENARIOS,
  {
    name: 'issue-md',
    label: 'GET /v1/issues/{n}.md',
    target: { kind: 'baseline', min: 0.25 },
    async prepare(ctx) {
      if (ctx.latestPublished < 1) return 'skipped: no published issue';
      const path = `/v1/issues/${ctx.latestPublished}.md`;
      const { status, body } = await probe(ctx, path);
      if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 300)}`);
      return { detail: `${path} (${(body.length / 1024).toFixed(1)} KiB)`, requests: [get(path, auth(ctx))] };
    },
  },
  {
    name: 'feed',
    label: 'GET /feed.xml (gzip, as feed readers ask)',
    target: { kind: 'baseline', min: 0.25 },
    async prepare(ctx) {
      const { status, body } = await probe(ctx, '/feed.xml', {});
      if (status !== 200) throw new Error(`GET /feed.xml answered ${status}: ${body.slice(0, 300)}`);
      const items = body.split('<item>').length - 1;
      const zipped = await fetch(ctx.baseUrl + '/feed.xml', { headers: FEED_READER });
      await zipped.arrayBuffer();
      const sent = zipped.headers.get('content-encoding') === 'gzip' ? `${(Number(zipped.headers.get('content-length')) / 1024).toFixed(0)} KiB gzipped` : 'not gzipped';
      return { detail: `${items} items, ${(body.length / 1024).toFixed(0)} KiB; ${sent}`, requests: [get('/feed.xml', FEED_READER)] };
    },
  },
  {
    name: 'insert',
    label: 'POST /v1/links (unique URLs)',
    target: { kind: 'baseline', min: 0.08 },
    writes: true,
    async prepare(ctx) {
      const counter = { n: 0 };
      const request = linkPost(ctx, counter);
      const res = await fetch(ctx.baseUrl + '/v1/links', {
        method: 'POST',
        headers: request.headers,
        body: String(request.setupRequest!({}, {})!.body),
      });
      if (res.status !== 201) throw new Error(`POST /v1/links answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
      return { detail: 'with 2 existing tags (as popular as the seeded ones) and a blurb', requests: [request] };
    },
  },
  {
    name: 'mix',
    label: '90/10 read/write mix',
    writes: true,
    async prepare(ctx) {
      const counter = { n: 1_000_000_000 };
      const h = auth(ctx);
      let seed = 12345;
      const randomId = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return 1 + (seed % ctx.links);
      };
      const reads: Request[] = [
        get(`/v1/links?limit=${LIMIT}`, h),
        get(`/v1/links?limit=${LIMIT}&${tagQuery(ctx, [2])}`, h),
        { method: 'GET', path: '/v1/links/1', headers: h, setupRequest: (req) => ({ ...req, path: `/v1/links/${randomId()}` }) },
        get(`/v1/links?limit=${LIMIT}`, h),
        get(`/v1/links?limit=${LIMIT}&${tagQuery(ctx, [0, 2])}`, h),
        get(`/v1/issues/${Math.max(1, ctx.latestPublished)}.md`, h),
        { method: 'GET', path: '/v1/links/1', headers: h, setupRequest: (req) => ({ ...req, path: `/v1/links/${randomId()}` }) },
        get(`/v1/links?limit=${LIMIT}&${tagQuery(ctx, [5])}`, h),
        get('/feed.xml', FEED_READER),
      ];
      return { detail: '9 reads (lists, tags, one link, issue, feed) : 1 POST', requests: [...reads, linkPost(ctx, counter)] };
    },
  },
  {
    // Last: it writes 1,000 issue items, and every other row (the write rows too) is measured
    // before it, on the table as seeded.
    name: 'assemble',
    label: `POST /v1/issues/{n}/assemble (${ASSEMBLE.toLocaleString('en-US')} links)`,
    target: { kind: 'latency', label: 'reader p99', maxMs: 50 },
    writes: true,
    async prepare(ctx) {
      const free = freeApprovedLinks(ctx.dbPath, ASSEMBLE);
      if (free < ASSEMBLE) {
        return `skipped: only ${free} approved links in no issue, ${ASSEMBLE.toLocaleString('en-US')} needed (seed more links)`;
      }
      const plan = await assemblePlan(ctx);
      return {
        detail: `${ASSEMBLE} approved links in no issue (the oldest) into a new draft`,
        requests: [],
        once: () => runAssemble(ctx, plan),
      };
    },
  },
  // After assemble, which takes the oldest approved links: those it takes stay the seeded ones.
  bulkApprove,
  // Before import, which adds ~95,000 links: the export is of the links as seeded (and the write rows').
  exportScenario,
  // After assemble: it adds 100k links, which no other row should see.
  importScenario,
];

/**
 * How many of the approved links that are in no issue there are, up to `enough`. The seed puts
 * only 12–18 links in each issue, so at 2,000 links and up there are far more than 1,000;
 * assemble takes the oldest, all seeded ones, not what the insert and mix rows added.
 */
function freeApprovedLinks(dbPath: string, enough: number): number {
  const sqlite = new SQLite(dbPath, { readonly: true });
  try {
    return sqlite
      .prepare(
        `SELECT count(*) FROM (SELECT 1 FROM links l WHERE l.status = 'approved'
           AND NOT EXISTS (SELECT 1 FROM issue_items ii WHERE ii.link_id = l.id) ORDER BY l.id LIMIT ?)`,
      )
      .pluck()
      .get(enough) as number;
  } finally {
    sqlite.close();
  }
}

type AssemblePlan = { limits: number[]; note?: string };

/**
 * One call with limit 1000 if the server takes it; else as many calls as its cap needs (two of
 * 500 today). Asked of an issue that does not exist, so nothing is written: the body is
 * validated first (422 if the limit is over the cap), then the issue looked up (404).
 */
async function assemblePlan(ctx: BenchContext): Promise<AssemblePlan> {
  const path = '/v1/issues/999999999/assemble';
  const res = await fetch(ctx.baseUrl + path, {
    method: 'POST',
    headers: { ...auth(ctx), 'Content-Type': 'application/json' },
    body: JSON.stringify({ limit: ASSEMBLE }),
  });
  const body = await res.text();
  if (res.status === 404) return { limits: [ASSEMBLE] };
  if (res.status !== 422) throw new Error(`POST ${path} {"limit":${ASSEMBLE}} answered ${res.status}, not 404 or 422: ${body.slice(0, 300)}`);
  const cap = (await assembleLimitCap(ctx.baseUrl)) ?? 500;
  const limits: number[] = [];
  for (let left = ASSEMBLE; left > 0; left -= cap) limits.push(Math.min(cap, left));
  return { limits, note: `limit ${ASSEMBLE} → 422, capped at ${cap}` };
}

/** The `limit` maximum of the assemble body, from the server's OpenAPI document. */
async function assembleLimitCap(baseUrl: string): Promise<number | null> {
  try {
    const res = await fetch(`${baseUrl}/openapi.yaml`);
    const doc = parseYaml(await res.text()) as { components?: { schemas?: Record<string, { properties?: Record<string, { maximum?: number }> }> } };
    const max = doc.components?.schemas?.['IssueAssemble']?.properties?.['limit']?.maximum;
    return typeof max === 'number' && max >= 1 && max < ASSEMBLE ? max : null;
  } catch {
    return null;
  }
}

/**
 * Creates a draft issue (left behind afterwards), then, with readers going, assembles into it:
 * the wall time of the assemble call(s), and what a read waited meanwhile.
 */
async function runAssemble(ctx: BenchContext, plan: AssemblePlan): Promise<OnceResult> {
  const headers = { ...auth(ctx), 'Content-Type': 'application/json' };
  const created = await fetch(`${ctx.baseUrl}/v1/issues`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ date: '2026-11-27', subject: `Benchmark assembly ${ctx.runTag}` }),
  });
  const createdBody = await created.text();
  if (created.status !== 201) throw new Error(`POST /v1/issues answered ${created.status}: ${createdBody.slice(0, 300)}`);
  const { number } = JSON.parse(createdBody) as { number: number };

  const calls: OnceFigures['write']['calls'] = [];
  const readers = listAndHealthz(`/v1/links?limit=${LIMIT}`, auth(ctx));
  const during = await readsDuring({ baseUrl: ctx.baseUrl, readers, leadMs: READ_LEAD_MS }, async () => {
    for (const limit of plan.limits) {
      const body = JSON.stringify({ limit });
      const started = performance.now();
      const res = await fetch(`${ctx.baseUrl}/v1/issues/${number}/assemble`, { method: 'POST', headers, body });
      const text = await res.text();
      const took = performance.now() - started;
      if (res.status !== 200) throw new Error(`POST /v1/issues/${number}/assemble ${body} answered ${res.status}: ${text.slice(0, 300)}`);
      calls.push({ body, status: res.status, ms: took, added: (JSON.parse(text) as { added: unknown[] }).added.length });
    }
  });

  const added = calls.reduce((sum, c) => sum + c.added, 0);
  const [list, healthz] = during.readers as [ReaderFigures, ReaderFigures];
  const figures: OnceFigures = {
    write: {
      what: `POST /v1/issues/${number}/assemble`,
      ms: during.writeMs,
      calls,
      ...(plan.note ? { note: plan.note } : {}),
    },
    readers: during.readers,
  };
  const measurement = readerMeasurement(list, during.writeMs);
  const split =
    calls.length > 1
      ? ` in ${calls.length} calls (${plan.note}): ${calls.map((c) => ms(c.ms)).join(' + ')} ms`
      : ' in one call';
  const short = added < ASSEMBLE ? ` ⚠ only ${added} added` : '';
  const detail =
    `assemble ${int(added)} into new draft #${number}: ${ms(during.writeMs)} ms${split}${short}; ${describeReaders(list, healthz)}`;
  return { detail, measurement, figures };
}

/** The scenarios of a scaling run: the ones whose cost could grow with the table. */
export const SCALE_SCENARIOS = [BASELINE, 'list', 'deep', 'tag', 'tags2', 'search', 'search-rare', 'qualifier', 'prefix'];

export function share(count: number, links: number): string {
  return `${((100 * count) / links).toFixed(1)} %`;
}

/**
 * What has landed, read from the seeded database's schema and the server's own OpenAPI document,
 * so the search rows turn on without editing the bench.
 */
export async function detectFeatures(baseUrl: string, schemaSql: string[]): Promise<Features> {
  const fullText = schemaSql.some((s) => /CREATE\s+VIRTUAL\s+TABLE[\s\S]*USING\s+fts5/i.test(s));
  let qDescription = '';
  let rankedSort: string | null = null;
  try {
    const res = await fetch(`${baseUrl}/openapi.yaml`);
    const doc = parseYaml(await res.text()) as {
      paths?: Record<string, Record<string, { parameters?: { name: string; description?: string; schema?: { enum?: string[] } }[] }>>;
    };
    const params = doc.paths?.['/v1/links']?.get?.parameters ?? [];
    qDescription = params.find((p) => p.name === 'q')?.description ?? '';
    const sorts = params.find((p) => p.name === 'sort')?.schema?.enum ?? [];
    rankedSort = sorts.find((s) => /^(relevance|rank|ranked|best)$/.test(s)) ?? null;
  } catch {
    // no document: treat as nothing landed
  }
  const qualifiers = /\b(tag|is|site|status|kind|before|after|in):/.test(qDescription);
  return { fullText, rankedSort, qualifiers, qDescription };
}
