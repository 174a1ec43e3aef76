/**
 * Seeds a fresh database file for the benchmark: the project's own migrations, then bulk
 * inserts through raw better-sqlite3 prepared statements in large transactions.
 *
 * Issues are seeded as drafts with their sections and items; the bench publishes them
 * through the real HTTP API once the server is up, so the frozen renders are the server's own.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generateSecret, hashSecret } from '../src/auth/token-secret.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { emptyMetadata, storedMetadata } from '../src/enrichment/page-metadata.js';
import { cleanUrl } from '../src/links/canonical-url.js';
import { indexStatements } from '../src/links/search/search-index.repository.js';
import {
  capitalise,
  createRandom,
  createSites,
  createZipf,
  description,
  linkUrl,
  personName,
  RARE_EVERY,
  RARE_WORD,
  sentence,
  TAG_NAMES,
  title,
  words,
  type Random,
} from './corpus.js';

export type SeedOptions = {
  path: string;
  links: number;
  /** PRNG seed; the same seed and size give the same data. */
  seed?: number;
  log?: (message: string) => void;
};

export type SeedResult = {
  path: string;
  links: number;
  tags: number;
  linkTags: number;
  pendingLinks: number;
  issues: number;
  issueItems: number;
  /** Issues 1..publishable are meant to be published by the bench; the last stays a draft. */
  publishable: number;
  /** An admin token's secret (only its hash is in the database). */
  token: string;
  /** Tag names by popularity rank (0 = most used), with their link counts. */
  tagsByRank: { name: string; count: number }[];
  seedMs: number;
  dbBytes: number;
  /** Of dbBytes, the full-text index (its FTS5 tables and their shadow tables). */
  searchIndexBytes: number;
  /** Time spent building the full-text index, within seedMs. */
  searchIndexMs: number;
};

const BATCH = 25_000;
const KINDS = ['article', 'video', 'repo', 'podcast', 'paper', 'other'] as const;
const INFERRED_WEIGHTS: [typeof KINDS[number], number][] = [
  ['article', 0.7],
  ['video', 0.08],
  ['repo', 0.1],
  ['podcast', 0.03],
  ['paper', 0.04],
  ['other', 0.05],
];
const START = Date.UTC(2021, 0, 4);
const END = Date.UTC(2026, 10, 1);

const rare = (id: number, text: string) => (id % RARE_EVERY === RARE_EVERY / 2 ? `${text} ${RARE_WORD}` : text);

function inferredKind(random: Random): string {
  let u = random.next();
  for (const [kind, weight] of INFERRED_WEIGHTS) {
    if ((u -= weight) < 0) return kind;
  }
  return 'article';
}

/** Issues scale with the table: one per ~5,000 links, between 10 and 200. */
export function issueCount(links: number): number {
  return Math.max(10, Math.min(200, Math.round(links / 5000)));
}

export async function seedDatabase(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const n = options.links;
  if (!Number.isInteger(n) || n < 1000) throw new Error('--links must be an integer ≥ 1000');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(options.path + suffix)) rmSync(options.path + suffix);

  const started = performance.now();
  const handle = openDatabase(options.path);
  await migrateToLatest(handle);
  const db = handle.sqlite;
  // Seeding only: this connection's durability is irrelevant (a crash means reseeding), and
  // without a journal the pages are written once instead of to the WAL and then again.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = ${-512 * 1024}`);

  const random = createRandom(options.seed ?? 20261123);
  const sites = createSites(random, 4000);
  const pickSite = createZipf(sites.length, 0.8);
  const pickTag = createZipf(TAG_NAMES.length, 1.0);

  const token = generateSecret();
  const nowIso = new Date().toISOString();
  db.prepare(`INSERT INTO tokens (name, role, secret_hash, created_at) VALUES ('bench', 'admin', ?, ?)`).run(hashSecret(token), nowIso);

  const insertTag = db.prepare('INSERT INTO tags (id, name) VALUES (?, ?)');
  db.transaction(() => TAG_NAMES.forEach((name, rank) => insertTag.run(rank + 1, name)))();

  const insertLink = db.prepare(`INSERT INTO links (
      id, url, canonical_key, title, blurb, credit_name, credit_url, kind, section, status, source, submitter,
      metadata, enrichment_status, enrichment_attempts, enrichment_error, fetched_at, created_at, updated_at,
      inferred_kind, possible_duplicate_of)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
  const insertLinkTag = db.prepare('INSERT INTO link_tags (tag_id, link_id) VALUES (?, ?)');
  const keepJson = db.prepare('INSERT INTO link_json (link_id, json) SELECT id, json FROM link_api_json WHERE id = ?');
  const insertJob = db.prepare('INSERT INTO enrichment_jobs (link_id, url, attempts, run_at, created_at) VALUES (?, ?, 0, ?, ?)');

  // 1 = approved, 0 = pending: issues may only carry approved links.
  const approved = new Uint8Array(n + 1);
  const tagCounts = new Array<number>(TAG_NAMES.length).fill(0);
  let linkTags = 0;
  let pendingLinks = 0;
  const step = (END - START) / n;
  const linkTagIds: number[] = [];

  const insertBatch = db.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) {
      const createdMs = START + Math.floor((id - 1) * step);
      const created = new Date(createdMs);
      const createdAt = created.toISOString();
      const site = sites[pickSite(random)]!;
      const pageTitle = title(random);
      const { url, key } = linkUrl(random, site, id, created, pageTitle.toLowerCase().split(' '));
      if (id % 997 === 1) {
        // The seeded keys must be the ones the service computes, or duplicates would slip through.
        const clean = cleanUrl(url);
        if (!clean.ok || clean.value.canonicalKey !== key || clean.value.url !== url) {
          throw new Error(`seeded URL ${url} / ${key} disagrees with cleanUrl: ${JSON.stringify(clean)}`);
        }
      }
      const pending = random.chance(0.05);
      approved[id] = pending ? 0 : 1;
      if (pending) pendingLinks++;
      const roll = random.next();
      const enrichment = roll < 0.94 ? 'done' : roll < 0.96 ? 'failed' : 'pending';
      const fetchedAt = enrichment === 'done' ? new Date(createdMs + 2000 + random.int(0, 30_000)).toISOString() : null;
      const metadata =
        enrichment === 'done'
          ? storedMetadata({ ...emptyMetadata(), title: pageTitle, description: rare(id, description(random)), siteName: site.name })
          : null;
      const credit = random.chance(0.15) ? personName(random) : null;
      const source = pending ? 'submission' : random.chance(0.75) ? 'editor' : 'import';
      insertLink.run(
        id,
        url,
        key,
        random.chance(0.3) ? capitalise(words(random, 3, 8).join(' ')) : null,
        random.chance(0.4) ? sentence(random, 8, 20) : null,
        credit,
        credit && random.chance(0.5) ? `https://${site.host}/about` : null,
        random.chance(0.1) ? random.pick(KINDS) : null,
        random.chance(0.03) ? 'Highlights' : null,
        pending ? 'pending' : 'approved',
        source,
        source === 'submission' ? personName(random) : source === 'editor' ? 'bench' : null,
        metadata,
        enrichment,
        enrichment === 'done' ? 1 : enrichment === 'failed' ? 5 : 0,
        enrichment === 'failed' ? random.pick(['timeout', 'http 404', 'not html', 'blocked address']) : null,
        fetchedAt,
        createdAt,
        fetchedAt ?? createdAt,
        enrichment === 'done' ? inferredKind(random) : null,
      );
      if (enrichment === 'pending') insertJob.run(id, url, createdAt, createdAt);

      // 1–4 distinct tags, popular ones far more often than the long tail.
      const want = random.int(1, 4);
      linkTagIds.length = 0;
      for (let tries = 0; linkTagIds.length < want && tries < 20; tries++) {
        const rank = pickTag(random);
        if (!linkTagIds.includes(rank)) linkTagIds.push(rank);
      }
      for (const rank of linkTagIds) {
        insertLinkTag.run(rank + 1, id);
        tagCounts[rank]!++;
        linkTags++;
      }
      keepJson.run(id);
    }
  });

  // A bulk load: the secondary indexes and the triggers on links and link_tags are dropped
  // while the rows go in and re-created from their own SQL after (one sorted build per index
  // instead of a million random inserts). What the triggers keep is written by hand instead:
  // each link's API JSON once its tags are in (keepJson; link_tags_link stays, as the view's
  // tag lookup needs it and its rows arrive in key order anyway), and tag counts from tagCounts.
  const deferred = db
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name IN ('links', 'link_tags') AND sql IS NOT NULL AND name <> 'link_tags_link'`)
    .all() as { type: string; name: string; sql: string }[];
  for (const { type, name } of deferred) db.exec(`DROP ${type.toUpperCase()} "${name}"`);
  for (let from = 1; from <= n; from += BATCH) {
    insertBatch(from, Math.min(n, from + BATCH - 1));
    if ((from - 1) % 200_000 === 0 && from > 1) log(`  seeded ${from - 1} links (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  const setCount = db.prepare('UPDATE tags SET link_count = ? WHERE id = ?');
  db.transaction(() => {
    tagCounts.forEach((count, rank) => setCount.run(count, rank + 1));
    for (const { sql } of deferred) db.exec(sql);
  })();
  log(`  indexes built (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // The search index, as the migration builds it for existing links (the triggers that queue
  // links for it were dropped with the others): in batches of ids, then one merge per table.
  const indexStarted = performance.now();
  const { recentSize } = db.prepare('SELECT recent_size AS recentSize FROM link_search_state').get() as { recentSize: number };
  const recentFrom = Math.max(1, n - recentSize + 1);
  const batches = indexStatements('SELECT id FROM links WHERE id >= ? AND id < ?', recentFrom).map((sql) => db.prepare(sql));
  for (let from = 1; from <= n; from += BATCH) {
    for (const stmt of batches) stmt.run(from, from + BATCH);
  }
  db.prepare('UPDATE link_search_state SET recent_from = ?').run(recentFrom);
  for (const table of ['link_search', 'link_search_recent', 'link_search_infix']) db.exec(`INSERT INTO ${table} (${table}) VALUES ('optimize')`);
  const searchIndexMs = performance.now() - indexStarted;
  log(`  search index built (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // Issues: one per window of links in creation order, ~15 approved links each, as drafts.
  const issues = issueCount(n);
  const insertIssue = db.prepare(`INSERT INTO issues (id, number, date, subject, note, quote_text, quote_author, quote_url, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`);
  const insertSection = db.prepare('INSERT INTO issue_sections (issue_id, position, name, featured) VALUES (?, ?, ?, ?)');
  const insertItem = db.prepare(`INSERT INTO issue_items (link_id, issue_id, section, position, title, blurb, markdown) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  let issueItems = 0;
  db.transaction(() => {
    for (let k = 0; k < issues; k++) {
      const first = Math.floor((k * n) / issues) + 1;
      const last = Math.floor(((k + 1) * n) / issues);
      const date = new Date(START + Math.floor((last - 1) * step)).toISOString().slice(0, 10);
      const at = new Date().toISOString();
      const quote = random.chance(0.5);
      insertIssue.run(
        k + 1,
        k + 1,
        date,
        title(random),
        random.chance(0.4) ? sentence(random, 10, 25) : null,
        quote ? sentence(random, 6, 14) : null,
        quote ? personName(random) : null,
        quote && random.chance(0.5) ? 'https://example.org/quotes' : null,
        at,
        at,
      );
      insertSection.run(k + 1, 0, 'Highlights', 1);
      insertSection.run(k + 1, 1, 'Links', 0);
      const chosen = new Set<number>();
      const want = random.int(12, 18);
      for (let tries = 0; chosen.size < want && tries < 1000; tries++) {
        const id = random.int(first, last);
        if (approved[id] === 1) chosen.add(id);
      }
      [...chosen].forEach((id, i) => {
        const featured = i < 3;
        const markdown = !featured && random.chance(0.05) ? `Read [${words(random, 2, 4).join(' ')}](https://example.org/notes/${id}) first.` : null;
        insertItem.run(
          id,
          k + 1,
          featured ? 'Highlights' : 'Links',
          featured ? i : i - 3,
          markdown === null && random.chance(0.1) ? capitalise(words(random, 3, 6).join(' ')) : null,
          markdown === null && random.chance(0.2) ? sentence(random, 8, 16) : null,
          markdown,
        );
        issueItems++;
      });
    }
  })();

  const searchIndexBytes = db
    .prepare(`SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name GLOB 'link_search*' AND name NOT IN ('link_search_queue', 'link_search_state')`)
    .pluck()
    .get() as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  await handle.close();
  const seedMs = performance.now() - started;

  const tagsByRank = TAG_NAMES.map((name, rank) => ({ name, count: tagCounts[rank]! }));
  return {
    path: options.path,
    links: n,
    tags: TAG_NAMES.length,
    linkTags,
    pendingLinks,
    issues,
    issueItems,
    publishable: issues - 1,
    token,
    tagsByRank,
    seedMs,
    dbBytes: statSync(options.path).size,
    searchIndexBytes,
    searchIndexMs,
  };
}
