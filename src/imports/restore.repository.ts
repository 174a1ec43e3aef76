import { sql } from 'kysely';
import type { Reader, Trx } from '../db/database.js';
import { enqueueFirstFetch, JOB_PRIORITY } from '../enrichment/enrichment.repository.js';
import { storedMetadata } from '../enrichment/page-metadata.js';
import { appendItems } from '../issues/issue-items.repository.js';
import { replaceSections } from '../issues/issues.repository.js';
import type { RestoredIssue, RestoredLink } from './restore-entries.js';

// The writes of a restore (linkletter's own export coming back in): links as they were, and
// issues with their numbers, items and what they published.

export type RestoreMode = 'exact' | 'merge';

/** Nothing to merge with: no link and no issue (tags, settings and tokens may be there). */
export async function databaseIsEmpty(db: Reader): Promise<boolean> {
  const row = await sql<{ empty: 0 | 1 }>`SELECT NOT EXISTS (SELECT 1 FROM links) AND NOT EXISTS (SELECT 1 FROM issues) AS empty`.execute(db);
  return row.rows[0]!.empty === 1;
}

/** Remembers how a restore runs, decided once (at its header), so that a resumed one goes on the same way. */
export async function saveRestoreMode(trx: Trx, importId: number, mode: RestoreMode): Promise<void> {
  await sql`UPDATE imports SET options = json_set(options, '$.restore', ${mode}) WHERE id = ${importId}`.execute(trx);
}

const linkIdTaken = async (trx: Trx, id: number) => (await trx.selectFrom('links').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

/**
 * A link as the export had it: every field, its dates, status, source, metadata and
 * enrichment. With `keepId` (a restore into an empty database) it keeps its id unless a link
 * written meanwhile took it, and its duplicate hint when that link is there already (the hint
 * is the enrichment's; it comes back with the next fetch otherwise). One still waiting for its
 * page gets its job back, at an import's priority. Tags are the caller's (the batch's).
 */
export async function insertRestoredLink(trx: Trx, link: RestoredLink, options: { keepId: boolean; now: Date }): Promise<number> {
  const id = options.keepId && !(await linkIdTaken(trx, link.id)) ? link.id : undefined;
  const duplicateOf = options.keepId && link.possibleDuplicateOf !== null && link.possibleDuplicateOf < link.id && (await linkIdTaken(trx, link.possibleDuplicateOf)) ? link.possibleDuplicateOf : null;
  const { fetchedAt: _fetched, ...metadata } = link.metadata ?? { fetchedAt: null };
  const row = await trx
    .insertInto('links')
    .values({
      ...(id === undefined ? {} : { id }),
      url: link.url,
      canonical_key: link.canonicalKey,
      title: link.title,
      blurb: link.blurb,
      credit_name: link.credit?.name ?? null,
      credit_url: link.credit?.url ?? null,
      kind: link.editorKind,
      inferred_kind: link.inferredKind,
      section: link.section,
      status: link.status,
      status_reason: link.statusReason?.text ?? null,
      status_reason_public: link.statusReason?.public ? 1 : 0,
      source: link.source,
      submitter: link.submitter,
      metadata: link.metadata === null ? null : storedMetadata(metadata as Parameters<typeof storedMetadata>[0]),
      enrichment_status: link.enrichment.status,
      enrichment_attempts: link.enrichment.attempts,
      enrichment_error: link.enrichment.error,
      fetched_at: link.enrichment.fetchedAt,
      possible_duplicate_of: duplicateOf,
      created_at: link.createdAt,
      updated_at: link.updatedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (link.enrichment.status === 'pending') await enqueueFirstFetch(trx, row.id, link.url, options.now, JOB_PRIORITY.imported);
  return row.id;
}

export async function issueNumberTaken(db: Reader, number: number): Promise<boolean> {
  return (await db.selectFrom('issues').select('id').where('number', '=', number).executeTakeFirst()) !== undefined;
}

/** The links with these keys: their id, and the issue they are in (if any). */
export async function linksForItems(db: Reader, keys: readonly string[]): Promise<Map<string, { id: number; inIssue: boolean }>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('links as l')
    .leftJoin('issue_items as ii', 'ii.link_id', 'l.id')
    .select(['l.canonical_key', 'l.id', 'ii.issue_id'])
    .where('l.canonical_key', 'in', sql<string>`(SELECT value FROM json_each(${JSON.stringify(keys)}))`)
    .execute();
  return new Map(rows.map((r) => [r.canonical_key, { id: r.id, inIssue: r.issue_id !== null }]));
}

/**
 * The published JSON with each item's `linkId` that of the link its canonical key names here
 * (ids change in a restore into a database that had links); the same text when none moved.
 */
export function relinkedJson(json: string, ids: ReadonlyMap<string, number>): string {
  const issue = JSON.parse(json) as { sections?: { items?: { canonicalKey?: string; linkId?: number }[] }[] };
  let moved = false;
  for (const item of (issue.sections ?? []).flatMap((s) => s.items ?? [])) {
    const id = item.canonicalKey === undefined ? undefined : ids.get(item.canonicalKey);
    if (id !== undefined && id !== item.linkId) {
      item.linkId = id;
      moved = true;
    }
  }
  return moved ? JSON.stringify(issue) : json;
}

/**
 * An issue as the export had it: number, dates, texts, status, its layout and items (`items`:
 * the ones whose links are here and free), and, frozen, what it published.
 */
export async function insertRestoredIssue(trx: Trx, issue: RestoredIssue, items: readonly { linkId: number; section: string; title: string | null; blurb: string | null; markdown: string | null }[], publishedJson: string | null): Promise<void> {
  const { id } = await trx
    .insertInto('issues')
    .values({
      number: issue.number,
      date: issue.date,
      subject: issue.subject,
      note: issue.note,
      quote_text: issue.quote?.text ?? null,
      quote_author: issue.quote?.author ?? null,
      quote_url: issue.quote?.url ?? null,
      greeting: issue.greeting,
      intro: issue.intro,
      submission_call: issue.submissionCall,
      signoff: issue.signoff,
      status: issue.status,
      published_at: issue.publishedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      rendered_markdown: issue.published?.markdown ?? null,
      rendered_html: issue.published?.html ?? null,
      rendered_fragment: issue.published?.fragment ?? null,
      rendered_json: publishedJson,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceSections(trx, id, issue.sections);
  await appendItems(trx, id, items);
}
