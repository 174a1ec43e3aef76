/**
 * Deterministic test data for the benchmark: a seeded PRNG, word lists, tag names with a
 * Zipf-like popularity, and generators for realistic URLs, titles and descriptions.
 * The same seed gives the same database, so runs are comparable.
 */

/** sfc32: small, fast, good enough for test data, and identical on every platform. */
export function createRandom(seed: number): Random {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = 1;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

export type Random = {
  /** [0, 1) */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** Samples ranks 0..n-1 with probability ∝ 1 / (rank + 1)^s. */
export function createZipf(n: number, s: number): (random: Random) => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** s;
    cdf[i] = total;
  }
  for (let i = 0; i < n; i++) cdf[i]! /= total;
  return (random) => {
    const u = random.next();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// Words for titles and descriptions: the vocabulary of a technical link newsletter.
export const WORDS: readonly string[] = `
database query index storage engine page cache memory disk write read lock latch transaction commit
rollback journal checkpoint vacuum backup replica replication cluster shard partition schema migration
column table row record tuple key value hash tree btree skiplist bloom filter log segment compaction
server client request response protocol network socket stream buffer queue worker thread process
kernel scheduler interrupt syscall file system mount volume block device driver firmware compiler
parser lexer grammar syntax type checker runtime garbage collector allocator heap stack pointer
function closure module package library framework release version update patch security vulnerability
exploit audit fuzzing testing benchmark profile flame graph latency throughput tail percentile
performance optimization regression bottleneck contention scaling capacity budget cost cloud region
container image registry deploy rollout canary pipeline build cache artifact dependency supply chain
browser render layout style script event loop promise async await callback signal channel actor
message broker topic consumer producer offset retention window aggregate join sort merge filter
projection planner optimizer statistics histogram estimate cardinality selectivity scan seek range
prefix suffix pattern search ranking relevance token stemming dictionary corpus embedding vector
model training inference dataset feature label prompt context agent evaluation accuracy precision
recall metric dashboard alert incident postmortem outage uptime reliability resilience failover
consensus raft paxos quorum leader follower election clock time timestamp ordering causality
snapshot isolation serializable anomaly conflict merge rebase branch commit history bisect blame
review design architecture pattern interface contract boundary layer service monolith microservice
gateway proxy balancer router handler middleware session cookie token secret credential identity
permission role policy tenant account billing invoice payment ledger audit trail event sourcing
projection command journey lesson story guide tutorial introduction deep dive notes thoughts essay
careful simple fast small tiny large huge hidden subtle surprising practical modern classic legacy
portable embedded distributed concurrent parallel incremental lazy eager durable atomic consistent
`
  .split(/\s+/)
  .filter((w) => w.length > 0);

/**
 * Words of a known frequency for the search rows: `replication` is one of WORDS (in ~10 % of
 * links at any size); RARE_WORD is added to the fetched description of one link in
 * RARE_EVERY (by id, so no random draw moves and the rest of the data stays as it was).
 */
export const COMMON_WORD = 'replication';
export const RARE_WORD = 'heliotrope';
export const RARE_EVERY = 5000;

const TITLE_OPENERS = [
  'How we',
  'Why',
  'Understanding',
  'A tour of',
  'Notes on',
  'The case for',
  'Lessons from',
  'Building',
  'Debugging',
  'Inside',
  'What I learned about',
  'Making',
  'Rethinking',
  'A gentle introduction to',
];

/** ~200 tag names; index = popularity rank (0 = most used). */
export const TAG_NAMES: readonly string[] = (() => {
  const base = `
sqlite postgres performance rust databases go python javascript typescript linux security testing
distributed-systems storage-engines web networking devops kubernetes observability compilers career
algorithms data-structures concurrency cloud aws machine-learning llm api-design frontend css html
react node deno bun wasm c cpp java kotlin swift ruby elixir erlang haskell ocaml zig scala clojure
lua shell git ci docker terraform nix emacs vim tooling debugging profiling benchmarks caching
indexes query-planning transactions replication backups migrations orm sql nosql redis kafka
messaging queues streaming search full-text vectors embeddings analytics duckdb clickhouse mysql
mongodb cassandra object-storage s3 filesystems kernels hardware cpus memory gpus embedded iot
mobile android ios design ux accessibility typography open-source licensing community management
architecture microservices monoliths serverless edge cdn dns http tls crypto auth privacy gdpr
incidents postmortems reliability sre on-call scaling cost finops energy history papers books
talks podcasts interviews tutorials announcements releases rfcs standards specs formats json
protobuf graphql rest grpc websockets browsers v8 garbage-collection allocators simd
parsing regex unicode dates time-zones numbers floating-point math statistics visualization
dataviz maps geospatial games graphics audio video compression encoding
`
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const names = [...new Set(base)];
  for (let i = 0; names.length < 200; i++) names.push(`topic-${i + 1}`);
  return names.slice(0, 200);
})();

const SITE_WORDS = [
  'byte', 'quiet', 'stack', 'page', 'null', 'deep', 'tiny', 'slow', 'fast', 'iron', 'paper',
  'ember', 'river', 'cloud', 'lamp', 'oak', 'pixel', 'signal', 'vector', 'kernel', 'loop',
  'field', 'harbor', 'north', 'garden', 'atlas', 'cedar', 'echo', 'forge', 'lattice',
];
const SITE_KINDS = ['notes', 'log', 'works', 'labs', 'blog', 'press', 'dev', 'hq', 'journal', 'weekly'];
const TLDS = ['dev', 'io', 'com', 'org', 'net', 'blog', 'codes', 'sh'];
const FIRST_NAMES = ['Ada', 'Bob', 'Chen', 'Dana', 'Eli', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kemi', 'Lea', 'Marta', 'Nils', 'Omar', 'Priya'];
const LAST_NAMES = ['Lovelace', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Silva', 'Haddad', 'Kowalski', 'Ferreira', 'Nakamura', 'Berg'];

export type Site = { host: string; name: string; www: boolean };

/** A fixed population of sites; links pick them with a mild Zipf skew (a few big blogs, a long tail). */
export function createSites(random: Random, count: number): Site[] {
  const sites: Site[] = [];
  const seen = new Set<string>();
  while (sites.length < count) {
    const a = random.pick(SITE_WORDS);
    const b = random.pick(SITE_KINDS);
    const sub = random.chance(0.15) ? `${random.pick(['blog', 'engineering', 'docs', 'news'])}.` : '';
    let host = `${sub}${a}${b}.${random.pick(TLDS)}`;
    if (seen.has(host)) host = `${sub}${a}${b}${sites.length}.${random.pick(TLDS)}`;
    if (seen.has(host)) continue;
    seen.add(host);
    sites.push({ host, name: `${capitalise(a)} ${capitalise(b)}`, www: sub === '' && random.chance(0.2) });
  }
  return sites;
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function words(random: Random, min: number, max: number): string[] {
  const n = random.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(random.pick(WORDS));
  return out;
}

export function title(random: Random): string {
  const body = words(random, 3, 7);
  return random.chance(0.5) ? `${random.pick(TITLE_OPENERS)} ${body.join(' ')}` : capitalise(body.join(' '));
}

export function sentence(random: Random, min: number, max: number): string {
  return `${capitalise(words(random, min, max).join(' '))}.`;
}

export function description(random: Random): string {
  return random.chance(0.3) ? `${sentence(random, 8, 16)} ${sentence(random, 6, 14)}` : sentence(random, 12, 26);
}

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

/**
 * A URL and the canonical key the service would compute for it (see src/links/canonical-url.ts):
 * lowercase, no `www.`, no trailing slash, no query. The id suffix keeps keys unique.
 */
export function linkUrl(random: Random, site: Site, id: number, createdAt: Date, slugWords: readonly string[]): { url: string; key: string } {
  const slug = `${slugWords.slice(0, 5).join('-')}-${id.toString(36)}`;
  const year = createdAt.getUTCFullYear();
  const month = String(createdAt.getUTCMonth() + 1).padStart(2, '0');
  const path = random.chance(0.6) ? `/${year}/${month}/${slug}` : `/posts/${slug}`;
  const host = site.www ? `www.${site.host}` : site.host;
  return { url: `https://${host}${path}`, key: `${site.host}${path}` };
}
