import { performance } from 'node:perf_hooks';
import type { Trx } from '../db/database.js';
import { enqueueFirstFetch, JOB_PRIORITY } from '../enrichment/enrichment.repository.js';
import { insertLink } from '../links/links.repository.js';
import { addLinkTagIds, ensureTags } from '../tags/tags.repository.js';
import { prepareRecord, type Candidate, type ImportProblem, type Prepared, type RawRecord } from './import-record.js';
import { findDryStates, findPageStates, mergeIntoLink, saveDryState } from './import-links.repository.js';
import { planRecord, stateAfter, type PageState } from './merge-plan.js';
import { insertRestoredLink } from './restore.repository.js';

export type ImportCounts = { created: number; merged: number; skipped: number; invalid: number };

export type BatchOptions = {
  importId: number;
  dryRun: boolean;
  status: 'approved' | 'pending';
  /** The token that uploaded the file: the links' submitter. */
  submitter: string | null;
  now: Date;
  /** performance.now() past which no further record is started (at least one always is). */
  deadline: number;
  /** A restore's links (restore-batch.ts): whether a new one keeps the id it had. */
  restore?: { keepIds: boolean } | undefined;
};

export type BatchResult = { consumed: number; counts: ImportCounts; problems: ImportProblem[]; linksCreated: number };

/** A record read and checked, waiting for its batch: checked once, however many batches it waits. */
export type QueuedRecord = { record: RawRecord } & Prepared;

export function queueRecord(record: RawRecord, now: Date): QueuedRecord {
  return { record, ...prepareRecord(record, now) };
}

/** Pages looked up at a time: a batch stops at its deadline, so it does not look up what it will not reach. */
const LOOKUP_CHUNK = 32;

/**
 * Carries out records of a file, in order, inside the caller's transaction, until they are all
 * done or the deadline passes; says how many it consumed. What a page is known to be is read
 * a few records ahead and kept up to date as records change it, so the second record of a page
 * in one batch merges into what the first made. A dry run writes no link: it keeps its states
 * in import_dry_links instead.
 */
export async function applyBatch(trx: Trx, queue: readonly QueuedRecord[], options: BatchOptions): Promise<BatchResult> {
  const { now } = options;
  const nowIso = now.toISOString();
  const counts: ImportCounts = { created: 0, merged: 0, skipped: 0, invalid: 0 };
  const problems: ImportProblem[] = [];
  const states = new Map<string, PageState | undefined>();
  // Tag ids found or made in this batch: nothing else runs inside it, so none can vanish meanwhile.
  const tagIds = new Map<string, number>();
  const tagLink = async (linkId: number, names: readonly string[]) => {
    const missing = names.filter((name) => !tagIds.has(name));
    const ids = await ensureTags(trx, missing);
    missing.forEach((name, i) => tagIds.set(name, ids[i]!));
    await addLinkTagIds(trx, linkId, names.map((name) => tagIds.get(name)!));
  };
  const changed = new Set<string>();
  let linksCreated = 0;
  let consumed = 0;

  const lookAhead = async (from: number) => {
    const keys = [...new Set(queue.slice(from, from + LOOKUP_CHUNK).flatMap((q) => (q.candidate && !states.has(q.candidate.canonicalKey) ? [q.candidate.canonicalKey] : [])))];
    const found = options.dryRun ? await findDryStates(trx, options.importId, keys) : await findPageStates(trx, keys);
    for (const key of keys) states.set(key, found.get(key));
  };

  for (const { candidate, problems: noted } of queue) {
    if (consumed > 0 && performance.now() > options.deadline) break;
    if (consumed % LOOKUP_CHUNK === 0) await lookAhead(consumed);
    consumed++;
    problems.push(...noted);
    if (!candidate) {
      counts.invalid++;
      continue;
    }
    const current = states.get(candidate.canonicalKey);
    const plan = planRecord(current, candidate);
    counts[plan.outcome]++;
    let linkId = current?.linkId ?? null;
    if (!options.dryRun) {
      if (plan.outcome === 'created') {
        linkId = await createLink(trx, candidate, options);
        await tagLink(linkId, candidate.tags);
        linksCreated++;
      } else if (plan.outcome === 'merged' && linkId !== null) {
        if (plan.title !== null || plan.blurb !== null || plan.createdAt !== null) await mergeIntoLink(trx, linkId, plan, now);
        await tagLink(linkId, plan.addTags);
      }
    }
    const next = stateAfter(current, plan, candidate, nowIso, linkId);
    if (next && next !== current) {
      states.set(candidate.canonicalKey, next);
      changed.add(candidate.canonicalKey);
    }
  }
  if (options.dryRun) for (const key of changed) await saveDryState(trx, options.importId, key, states.get(key)!);
  return { consumed, counts, problems, linksCreated };
}

async function createLink(trx: Trx, candidate: Candidate, options: BatchOptions): Promise<number> {
  if (candidate.restored) return insertRestoredLink(trx, candidate.restored, { keepId: options.restore?.keepIds === true, now: options.now });
  const id = await insertLink(trx, {
    url: candidate.url,
    canonicalKey: candidate.canonicalKey,
    title: candidate.title ?? undefined,
    blurb: candidate.blurb ?? undefined,
    status: options.status,
    source: 'import',
    submitter: options.submitter,
    tags: [], // tagged by the batch, which keeps the tags' ids
    now: options.now,
    createdAt: candidate.createdAt === null ? undefined : new Date(candidate.createdAt),
  });
  await enqueueFirstFetch(trx, id, candidate.url, options.now, JOB_PRIORITY.imported);
  return id;
}
