import { sql, type Selectable } from 'kysely';
import type { Reader, Trx } from '../db/database.js';
import type { IssuesTable } from '../db/schema.js';

export type IssueRow = Selectable<IssuesTable>;

export async function findIssueRow(db: Reader, number: number): Promise<IssueRow | undefined> {
  return db.selectFrom('issues').selectAll().where('number', '=', number).executeTakeFirst();
}

/** An issue's own texts, each overriding the newsletter's (null: use the newsletter's). */
export type IssueTexts = {
  greeting?: string | null | undefined;
  intro?: string | null | undefined;
  submissionCall?: string | null | undefined;
  signoff?: string | null | undefined;
};

export type IssueFields = IssueTexts & {
  date: string;
  subject: string;
  note?: string | null | undefined;
  quote?: { text: string; author?: string | undefined; url?: string | undefined } | null | undefined;
};

/**
 * Numbers are assigned at creation: one more than the highest so far, unless `number` says
 * which (the caller has made sure it is free). Call inside a transaction.
 */
export async function insertIssue(trx: Trx, fields: IssueFields, sections: { name: string; featured: boolean }[], now: Date, number?: number): Promise<number> {
  const at = now.toISOString();
  const { next } =
    number !== undefined
      ? { next: number }
      : await trx
          .selectFrom('issues')
          .select(sql<number>`coalesce(max(number), 0) + 1`.as('next'))
          .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto('issues')
    .values({
      number: next,
      date: fields.date,
      subject: fields.subject,
      note: fields.note ?? null,
      greeting: fields.greeting ?? null,
      intro: fields.intro ?? null,
      submission_call: fields.submissionCall ?? null,
      signoff: fields.signoff ?? null,
      quote_text: fields.quote?.text ?? null,
      quote_author: fields.quote?.author ?? null,
      quote_url: fields.quote?.url ?? null,
      published_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceSections(trx, id, sections);
  return next;
}

export async function updateIssue(trx: Trx, id: number, changes: Partial<IssueFields>, now: Date): Promise<void> {
  const set: Record<string, unknown> = { updated_at: now.toISOString() };
  if (changes.date !== undefined) set.date = changes.date;
  if (changes.subject !== undefined) set.subject = changes.subject;
  if (changes.note !== undefined) set.note = changes.note;
  if (changes.greeting !== undefined) set.greeting = changes.greeting;
  if (changes.intro !== undefined) set.intro = changes.intro;
  if (changes.submissionCall !== undefined) set.submission_call = changes.submissionCall;
  if (changes.signoff !== undefined) set.signoff = changes.signoff;
  if (changes.quote !== undefined) {
    set.quote_text = changes.quote?.text ?? null;
    set.quote_author = changes.quote?.author ?? null;
    set.quote_url = changes.quote?.url ?? null;
  }
  await trx.updateTable('issues').set(set).where('id', '=', id).execute();
}

export async function touchIssue(trx: Trx, id: number, now: Date): Promise<void> {
  await trx.updateTable('issues').set({ updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/** Deleting an issue frees its links (their items go with it). */
export async function deleteIssue(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('issue_items').where('issue_id', '=', id).execute();
  await trx.deleteFrom('issues').where('id', '=', id).execute();
}

export async function listIssueRows(db: Reader, options: { status?: 'draft' | 'published' | undefined; beforeNumber?: number | undefined; limit: number }) {
  let query = db
    .selectFrom('issues as i')
    .select([
      'i.id',
      'i.number',
      'i.date',
      'i.subject',
      'i.note',
      'i.quote_text',
      'i.quote_author',
      'i.quote_url',
      'i.greeting',
      'i.intro',
      'i.submission_call',
      'i.signoff',
      'i.status',
      'i.published_at',
      'i.created_at',
      'i.updated_at',
    ])
    .select((eb) => eb.selectFrom('issue_items as ii').select((e) => e.fn.countAll<number>().as('n')).whereRef('ii.issue_id', '=', 'i.id').as('item_count'));
  if (options.status) query = query.where('i.status', '=', options.status);
  if (options.beforeNumber !== undefined) query = query.where('i.number', '<', options.beforeNumber);
  const rows = await query.orderBy('i.number', 'desc').limit(options.limit + 1).execute();
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

export async function getSections(db: Reader, issueId: number): Promise<{ name: string; featured: boolean }[]> {
  const rows = await db.selectFrom('issue_sections').select(['name', 'featured']).where('issue_id', '=', issueId).orderBy('position').execute();
  return rows.map((r) => ({ name: r.name, featured: r.featured === 1 }));
}

export async function replaceSections(trx: Trx, issueId: number, sections: { name: string; featured: boolean }[]): Promise<void> {
  await trx.deleteFrom('issue_sections').where('issue_id', '=', issueId).execute();
  if (sections.length === 0) return;
  await trx
    .insertInto('issue_sections')
    .values(sections.map((s, position) => ({ issue_id: issueId, position, name: s.name, featured: s.featured ? 1 : 0 })))
    .execute();
}

export async function appendSection(trx: Trx, issueId: number, name: string, featured = false): Promise<void> {
  await trx
    .insertInto('issue_sections')
    .values((eb) => ({
      issue_id: issueId,
      position: eb.selectFrom('issue_sections').select(sql<number>`coalesce(max(position), -1) + 1`.as('p')).where('issue_id', '=', issueId),
      name,
      featured: featured ? 1 : 0,
    }))
    .execute();
}

/** Canonical keys of every item in issues published before this one (from their frozen JSON). */
export async function publishedKeysBefore(db: Reader, number: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('issues')
    .select(['number', 'rendered_json'])
    .where('rendered_json', 'is not', null)
    .where('number', '<', number)
    .execute();
  const keys = new Map<string, number>();
  for (const row of rows) {
    if (!row.rendered_json) continue;
    const issue = JSON.parse(row.rendered_json) as { sections?: { items?: { canonicalKey?: string }[] }[] };
    for (const section of issue.sections ?? []) {
      for (const item of section.items ?? []) if (item.canonicalKey) keys.set(item.canonicalKey, row.number);
    }
  }
  return keys;
}

/** Links in a published issue, by id → issue number (to warn about near-duplicates). */
export async function publishedIssueOfLinks(db: Reader, linkIds: number[]): Promise<Map<number, number>> {
  if (linkIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('issue_items as ii')
    .innerJoin('issues as i', 'i.id', 'ii.issue_id')
    .select(['ii.link_id', 'i.number'])
    .where('i.rendered_json', 'is not', null)
    .where('ii.link_id', 'in', linkIds)
    .execute();
  return new Map(rows.map((r) => [r.link_id, r.number]));
}

/** Freezes what is published; `publishedAt` is the first publication, `now` this one. */
export async function storePublication(
  trx: Trx,
  id: number,
  publication: { publishedAt: string; now: string; markdown: string; html: string; fragment: string; json: string },
): Promise<void> {
  await trx
    .updateTable('issues')
    .set({
      status: 'published',
      published_at: publication.publishedAt,
      updated_at: publication.now,
      rendered_markdown: publication.markdown,
      rendered_html: publication.html,
      rendered_fragment: publication.fragment,
      rendered_json: publication.json,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Reopens a published issue for a correction: a draft for the editors, while what was last
 * published (the frozen renders and the first published_at) stays public until it is
 * published again.
 */
export async function reopenForCorrection(trx: Trx, id: number, now: Date): Promise<void> {
  await trx.updateTable('issues').set({ status: 'draft', updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/**
 * Published issues, newest first, with their frozen renders (for the archive and feeds). An
 * issue reopened for a correction is among them, as last published, until it is published again.
 */
export async function listPublished(db: Reader, limit: number) {
  return db
    .selectFrom('issues')
    .select(['number', 'date', 'subject', 'published_at', 'rendered_fragment'])
    .where('rendered_fragment', 'is not', null)
    .orderBy('number', 'desc')
    .limit(limit)
    .execute();
}

/** The published issues just before and after `number` (for a page's previous/next links). */
export async function publishedNeighbours(db: Reader, number: number): Promise<{ previous: number | null; next: number | null }> {
  const published = () => db.selectFrom('issues').select('number').where('rendered_fragment', 'is not', null);
  const previous = await published().where('number', '<', number).orderBy('number', 'desc').limit(1).executeTakeFirst();
  const next = await published().where('number', '>', number).orderBy('number', 'asc').limit(1).executeTakeFirst();
  return { previous: previous?.number ?? null, next: next?.number ?? null };
}

/** Changes whenever an issue is published or unpublished, or the settings change. */
export async function publicationVersion(db: Reader): Promise<string> {
  const row = await db
    .selectFrom('issues')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      // updated_at moves with every publication (a correction keeps its first published_at).
      eb.fn.max('updated_at').as('latest'),
      eb.fn.sum<number>('number').as('numbers'),
      // The settings themselves, not their timestamp: two saves within a millisecond still differ.
      eb
        .selectFrom('newsletter')
        .select(sql<string>`json_array(name, greeting, intro, submission_call, signoff, base_url, sections)`.as('s'))
        .where('id', '=', 1)
        .as('settings'),
    ])
    .where('rendered_fragment', 'is not', null)
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.latest ?? ''}|${row.numbers ?? 0}|${row.settings ?? ''}`;
}
