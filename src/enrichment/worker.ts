import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Transact } from '../db/transact.js';
import { outsideWriteScope } from '../db/write-scope.js';
import { findLinkByCanonicalKey } from '../links/links.repository.js';
import { cleanUrl } from '../links/canonical-url.js';
import type { Logger } from '../logger.js';
import {
  claimJob,
  findDueJobs,
  JOB_PRIORITY,
  recordFailure,
  recordSuccess,
  releaseAllClaims,
  releaseClaim,
  type EnrichmentJob,
} from './enrichment.repository.js';
import { FetchError, type FetchPage } from './fetch-page.js';
import { inferKind } from './infer-kind.js';
import { createMetadataParser, type ParseMetadata } from './metadata-parser.js';
import { withoutInternalUrls } from './metadata-urls.js';

export type WorkerOptions = {
  db: Db;
  /**
   * The app's own group commit: the worker's writes join the requests' transactions instead of
   * opening their own, so they queue like any request's and never wait inside one.
   */
  transact: Transact;
  fetchPage: FetchPage;
  /**
   * Reads the metadata of a fetched page. Default: a pool of parse threads (metadata-parser.ts)
   * that the worker creates and closes in stop(); one passed in is the caller's to close.
   */
  parseMetadata?: ParseMetadata;
  /**
   * One deadline for the whole job, fetch and parse (FETCH_TIMEOUT_MS): the clock starts when
   * the job does, and the parse gets what the fetch left. Default 10 000 ms.
   */
  jobTimeoutMs?: number;
  /**
   * Keeps image, favicon and canonical URLs that name internal hosts (FETCH_ALLOW_PRIVATE, for
   * tests and intranets). Off: they are dropped (see metadata-urls.ts).
   */
  keepPrivateUrls?: boolean;
  clock: Clock;
  logger: Logger;
  /** Jobs in flight at once (ENRICH_CONCURRENCY); never more than one per host. */
  concurrency: number;
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, capped at maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle worker looks for due jobs (enqueueing also wakes it). */
  pollMs?: number;
  /** A claimed job is someone else's to retry after this long (a crash mid-fetch). */
  leaseMs?: number;
};

export type EnrichmentWorker = {
  start(): Promise<void>;
  /** Stops claiming, aborts fetches and parses in flight (their jobs stay queued), waits for them, and closes its parser. */
  stop(): Promise<void>;
  /** Wakes the worker: a job was queued. */
  notify(): void;
  /** Runs every job due now, and any that fall due while running, to completion (for tests and tools). */
  drain(): Promise<void>;
};

/** The delay before retry `attempt` (1-based): base · 2^(attempt-1), capped; Retry-After wins when longer. */
export function backoffMs(attempt: number, base: number, max: number, retryAfterMs?: number): number {
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}

export function createEnrichmentWorker(options: WorkerOptions): EnrichmentWorker {
  const { db, transact, fetchPage, clock, logger, concurrency } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const baseBackoffMs = options.baseBackoffMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const jobTimeoutMs = options.jobTimeoutMs ?? 10_000;
  const ownParser = options.parseMetadata ? undefined : createMetadataParser({ maxThreads: concurrency });
  const parseMetadata: ParseMetadata = options.parseMetadata ?? ownParser!;

  const busyHosts = new Set<string>();
  const inFlight = new Map<number, Promise<void>>();
  const importsInFlight = new Set<number>();
  const abort = new AbortController();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  const hostOf = (url: string) => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  };

  let filling: Promise<number> | undefined;

  /**
   * Claims due jobs into free slots, one per host; returns how many it started. A fill that is
   * under way is shared (the poll and drain() may ask at once), so slots are never counted
   * twice and every claimed job is in flight when it settles.
   */
  function fill(): Promise<number> {
    return (filling ??= fillOnce().finally(() => {
      filling = undefined;
    }));
  }

  async function fillOnce(): Promise<number> {
    const free = concurrency - inFlight.size;
    if (free <= 0 || abort.signal.aborted) return 0;
    const due = await findDueJobs(db, clock.now(), Math.max(50, free * 10));
    const chosen: { job: EnrichmentJob; host: string }[] = [];
    // Imported links never take the last free slot: a link added by hand meanwhile gets it at once.
    let importSlots = Math.max(1, concurrency - 1) - importsInFlight.size;
    for (const job of due) {
      if (chosen.length >= free) break;
      const host = hostOf(job.url);
      if (busyHosts.has(host) || inFlight.has(job.id) || chosen.some((c) => c.host === host)) continue;
      if (job.priority === JOB_PRIORITY.imported && importSlots-- <= 0) continue;
      chosen.push({ job, host });
    }
    if (chosen.length === 0) return 0;
    // Hosts are taken before the claim is written, so a fill running meanwhile skips them.
    for (const { host } of chosen) busyHosts.add(host);
    const until = new Date(clock.now().getTime() + leaseMs);
    try {
      await transact(async (trx) => {
        for (const { job } of chosen) await claimJob(trx, job.id, until);
      });
    } catch (err) {
      for (const { host } of chosen) busyHosts.delete(host);
      throw err;
    }
    for (const { job, host } of chosen) {
      if (job.priority === JOB_PRIORITY.imported) importsInFlight.add(job.id);
      const work = run(job)
        // run() records its own failures; this is for a write that failed even so (a full disk).
        .catch((err) => logger.error('enrichment job could not be recorded', { linkId: job.linkId, error: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          busyHosts.delete(host);
          inFlight.delete(job.id);
          importsInFlight.delete(job.id);
          if (running) schedule(0);
        });
      inFlight.set(job.id, work);
    }
    return chosen.length;
  }

  async function run(job: EnrichmentJob): Promise<void> {
    // One signal for the job: the deadline (real time, not `clock`, which tests move by hand)
    // or stop(). Built by hand: AbortSignal.any on the worker's long-lived signal has leaked
    // its dependants on some Node 20 releases.
    const jobAbort = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      jobAbort.abort();
    }, jobTimeoutMs);
    const onStop = (): void => jobAbort.abort();
    if (abort.signal.aborted) onStop();
    else abort.signal.addEventListener('abort', onStop, { once: true });
    const { signal } = jobAbort;
    try {
      const page = await fetchPage(job.url, { signal });
      const parsed = await parseMetadata(page.html, page.finalUrl, { signal });
      const metadata = options.keepPrivateUrls ? parsed : withoutInternalUrls(parsed);
      const inferredKind = inferKind({ url: job.url, finalUrl: page.finalUrl, contentType: page.contentType, ogType: metadata.type ?? undefined });
      const possibleDuplicateOf = await duplicateByCanonical(job, metadata.canonicalUrl);
      await transact((trx) => recordSuccess(trx, job, { metadata, inferredKind, possibleDuplicateOf }, clock.now()));
      logger.debug('enriched', { linkId: job.linkId, truncated: page.truncated });
    } catch (err) {
      if (abort.signal.aborted) {
        // Shutting down: not the page's fault, so no attempt is counted; the job stays queued.
        await transact((trx) => releaseClaim(trx, job.id)).catch(() => {});
        return;
      }
      // The fetcher reports our deadline as 'aborted', and the parser as an AbortError: both
      // mean the page took too long, retried like any timeout. An error of its own that
      // happened to come first (a 404) stays what it was.
      const timedOut = expired && (!(err instanceof FetchError) || err.category === 'aborted');
      await fail(job, timedOut ? new FetchError('timeout', true, { cause: err }) : err);
    } finally {
      clearTimeout(timer);
      abort.signal.removeEventListener('abort', onStop);
    }
  }

  async function duplicateByCanonical(job: EnrichmentJob, canonicalUrl: string | null): Promise<number | null> {
    if (!canonicalUrl) return null;
    const cleaned = cleanUrl(canonicalUrl);
    if (!cleaned.ok) return null;
    const other = await findLinkByCanonicalKey(db, cleaned.value.canonicalKey);
    return other && other.id !== job.linkId ? other.id : null;
  }

  async function fail(job: EnrichmentJob, err: unknown): Promise<void> {
    const now = clock.now();
    if (!(err instanceof FetchError)) {
      logger.error('enrichment failed unexpectedly', { linkId: job.linkId, error: err instanceof Error ? err.message : String(err) });
      await transact((trx) => recordFailure(trx, job, { error: 'internal error', retryAt: null }, now));
      return;
    }
    const attempt = job.attempts + 1;
    const retryAt =
      err.retryable && attempt < maxAttempts
        ? new Date(now.getTime() + backoffMs(attempt, baseBackoffMs, maxBackoffMs, err.retryAfterMs))
        : null;
    // A PDF or an audio file is no page, but its type still says what kind of link it is.
    const inferredKind = err.category === 'not html' && err.contentType
      ? inferKind({ url: job.url, finalUrl: err.finalUrl, contentType: err.contentType })
      : undefined;
    await transact((trx) => recordFailure(trx, job, { error: err.category, retryAt, inferredKind }, now));
    logger.info('enrichment attempt failed', { linkId: job.linkId, attempt, error: err.category, retrying: retryAt !== null });
  }

  function schedule(delayMs: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    // notify() may be called from inside a request's transaction: the poll is not part of it.
    timer = setTimeout(() => outsideWriteScope(tick), delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    if (ticking) return void ticking.then(() => schedule(0));
    ticking = fill()
      .then(() => {})
      .catch((err) => logger.error('enrichment worker could not claim jobs', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        ticking = undefined;
        schedule(pollMs);
      });
  }

  return {
    async start() {
      await transact((trx) => releaseAllClaims(trx));
      running = true;
      // A parse thread boots while the server starts, not while the first page waits for it.
      ownParser?.warm().catch((err) => logger.warn('metadata parser could not start', { error: err instanceof Error ? err.message : String(err) }));
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      abort.abort();
      await ticking;
      await filling?.catch(() => {});
      await Promise.allSettled([...inFlight.values()]);
      await ownParser?.close();
    },
    notify() {
      schedule(0);
    },
    async drain() {
      for (;;) {
        await fill();
        if (inFlight.size === 0) return;
        await Promise.race(inFlight.values());
      }
    },
  };
}
