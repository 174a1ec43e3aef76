import type { Reader, Trx } from '../db/database.js';
import { preparedWrite } from '../db/prepared.js';
import type { LinkKind } from '../links/link-fields.js';
import { storedMetadata, type PageMetadata } from './page-metadata.js';

export type EnrichmentJob = { id: number; linkId: number; url: string; attempts: number; priority: JobPriority };

/**
 * Which jobs are taken first: a link added by hand (or refreshed) before any imported one, so
 * that a big import never keeps a new link waiting for its metadata.
 */
export const JOB_PRIORITY = { byHand: 1, imported: 0 } as const;
export type JobPriority = (typeof JOB_PRIORITY)[keyof typeof JOB_PRIORITY];

/**
 * Queues a fetch of the link's page, replacing any queued one, and marks the link pending.
 * Call inside the transaction that created the link or changed its URL, so a link is never
 * stored without its job.
 */
export async function enqueueEnrichment(trx: Trx, linkId: number, url: string, now: Date): Promise<void> {
  await trx.deleteFrom('enrichment_jobs').where('link_id', '=', linkId).execute();
  await enqueueFirstFetch(trx, linkId, url, now);
  await trx
    .updateTable('links')
    .set({ enrichment_status: 'pending', enrichment_attempts: 0, enrichment_error: null })
    .where('id', '=', linkId)
    .execute();
}

/** A new link's first fetch: its enrichment columns start out pending, so only the job is written. */
const insertJob = preparedWrite((db, p: { linkId: number; url: string; at: string; priority: JobPriority }) =>
  db.insertInto('enrichment_jobs').values({ link_id: p.linkId, url: p.url, attempts: 0, run_at: p.at, locked_until: null, created_at: p.at, priority: p.priority }),
);

export async function enqueueFirstFetch(trx: Trx, linkId: number, url: string, now: Date, priority: JobPriority = JOB_PRIORITY.byHand): Promise<void> {
  await insertJob(trx, { linkId, url, at: now.toISOString(), priority });
}

/** After a restart nothing is in flight, so no claim from the previous process still holds. */
export async function releaseAllClaims(trx: Trx): Promise<void> {
  await trx.updateTable('enrichment_jobs').set({ locked_until: null }).where('locked_until', 'is not', null).execute();
}

/** Due, unclaimed jobs, by hand before imported, then oldest first: a walk down enrichment_jobs_due. */
export async function findDueJobs(db: Reader, now: Date, limit: number): Promise<EnrichmentJob[]> {
  const at = now.toISOString();
  const rows = await db
    .selectFrom('enrichment_jobs')
    .select(['id', 'link_id', 'url', 'attempts', 'priority'])
    .where('run_at', '<=', at)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .orderBy('priority', 'desc')
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, linkId: r.link_id, url: r.url, attempts: r.attempts, priority: r.priority }));
}

export async function claimJob(trx: Trx, jobId: number, until: Date): Promise<void> {
  await trx.updateTable('enrichment_jobs').set({ locked_until: until.toISOString() }).where('id', '=', jobId).execute();
}

export async function releaseClaim(trx: Trx, jobId: number): Promise<void> {
  await trx.updateTable('enrichment_jobs').set({ locked_until: null }).where('id', '=', jobId).execute();
}

async function jobStillCurrent(db: Reader, job: EnrichmentJob): Promise<boolean> {
  return (await db.selectFrom('enrichment_jobs').select('id').where('id', '=', job.id).executeTakeFirst()) !== undefined;
}

export type FetchSuccess = {
  metadata: PageMetadata;
  inferredKind: LinkKind;
  possibleDuplicateOf: number | null;
};

/**
 * Stores what the fetch found and retires the job. Returns false (and writes nothing) when
 * the job was replaced meanwhile: the link's URL changed or a refresh was asked for.
 */
export async function recordSuccess(trx: Trx, job: EnrichmentJob, result: FetchSuccess, now: Date): Promise<boolean> {
  if (!(await jobStillCurrent(trx, job))) return false;
  const at = now.toISOString();
  await trx
    .updateTable('links')
    .set({
      metadata: storedMetadata(result.metadata),
      fetched_at: at,
      enrichment_status: 'done',
      enrichment_attempts: job.attempts + 1,
      enrichment_error: null,
      inferred_kind: result.inferredKind,
      possible_duplicate_of: result.possibleDuplicateOf,
      updated_at: at,
    })
    .where('id', '=', job.linkId)
    .execute();
  await trx.deleteFrom('enrichment_jobs').where('id', '=', job.id).execute();
  return true;
}

/** A failure: retried at `retryAt`, or final when `retryAt` is null. */
export async function recordFailure(
  trx: Trx,
  job: EnrichmentJob,
  failure: { error: string; retryAt: Date | null; inferredKind?: LinkKind | undefined },
  now: Date,
): Promise<boolean> {
  if (!(await jobStillCurrent(trx, job))) return false;
  const attempts = job.attempts + 1;
  await trx
    .updateTable('links')
    .set({
      enrichment_status: failure.retryAt ? 'pending' : 'failed',
      enrichment_attempts: attempts,
      enrichment_error: failure.error,
      ...(failure.inferredKind ? { inferred_kind: failure.inferredKind } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', job.linkId)
    .execute();
  if (failure.retryAt) {
    await trx
      .updateTable('enrichment_jobs')
      .set({ attempts, run_at: failure.retryAt.toISOString(), locked_until: null })
      .where('id', '=', job.id)
      .execute();
  } else {
    await trx.deleteFrom('enrichment_jobs').where('id', '=', job.id).execute();
  }
  return true;
}
