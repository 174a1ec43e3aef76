import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { IssuesTable } from '../db/schema.js';
import { resolveItem, type ItemWithLink, type ResolvedSection } from './resolve-items.js';

export type IssueRow = Selectable<IssuesTable>;

export async function findIssueRow(db: Db, number: number): Promise<IssueRow | undefined> {
  return db.selectFrom('issues').selectAll().where('number', '=', number).executeTakeFirst();
}

export type IssueFields = {
  date: string;
  subject: string;
  note?: string | null | undefined;
  quote?: { text: string; author?: string | undefined; url?: string | undefined } | null | undefined;
};

/** Numbers are assigned at creation: one more than the highest so far. Call inside a transaction. */
export async function insertIssue(db: Db, fields: IssueFields, sections: { name: string; featured: boolean }[], now: Date): Promise<number> {
  const at = now.toISOString();
  const { next } = await db
    .selectFrom('issues')
    .select(sql<number>`coalesce(max(number), 0) + 1`.as('next'))
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto('issues')
    .values({
      number: next,
      date: fields.date,
      subject: fields.subject,
      note: fields.note ?? null,
      quote_text: fields.quote?.text ?? null,
      quote_author: fields.quote?.author ?? null,
      quote_url: fields.quote?.url ?? null,
      published_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceSections(db, id, sections);
  return next;
}

export async function updateIssue(db: Db, id: number, changes: Partial<IssueFields>, now: Date): Promise<void> {
  const set: Record<string, unknown> = { updated_at: now.toISOString() };
  if (changes.date !== undefined) set.date = changes.date;
  if (changes.subject !== undefined) set.subject = changes.subject;
  if (changes.note !== undefined) set.note = changes.note;
  if (changes.quote !== undefined) {
    set.quote_text = changes.quote?.text ?? null;
    set.quote_author = changes.quote?.author ?? null;
    set.quote_url = changes.quote?.url ?? null;
  }
  await db.updateTable('issues').set(set).where('id', '=', id).execute();
}

export async function touchIssue(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('issues').set({ updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/** Deleting an issue frees its links (their items go with it). */
export async function deleteIssue(db: Db, id: number): Promise<void> {
  await db.deleteFrom('issue_items').where('issue_id', '=', id).execute();
  await db.deleteFrom('issues').where('id', '=', id).execute();
}

export async function listIssueRows(db: Db, options: { status?: 'draft' | 'published' | undefined; beforeNumber?: number | undefined; limit: number }) {
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

export async function getSections(db: Db, issueId: number): Promise<{ name: string; featured: boolean }[]> {
  const rows = await db.selectFrom('issue_sections').select(['name', 'featured']).where('issue_id', '=', issueId).orderBy('position').execute();
  return rows.map((r) => ({ name: r.name, featured: r.featured === 1 }));
}

export async function replaceSections(db: Db, issueId: number, sections: { name: string; featured: boolean }[]): Promise<void> {
  await db.deleteFrom('issue_sections').where('issue_id', '=', issueId).execute();
  if (sections.length === 0) return;
  await db
    .insertInto('issue_sections')
    .values(sections.map((s, position) => ({ issue_id: issueId, position, name: s.name, featured: s.featured ? 1 : 0 })))
    .execute();
}

export async function appendSection(db: Db, issueId: number, name: string, featured = false): Promise<void> {
  await db
    .insertInto('issue_sections')
    .values((eb) => ({
      issue_id: issueId,
      position: eb.selectFrom('issue_sections').select(sql<number>`coalesce(max(position), -1) + 1`.as('p')).where('issue_id', '=', issueId),
      name,
      featured: featured ? 1 : 0,
    }))
    .execute();
}

/** Items joined with their links, in section order then item order. */
export async function getItemsWithLinks(db: Db, issueId: number): Promise<ItemWithLink[]> {
  const rows = await db
    .selectFrom('issue_items as ii')
    .innerJoin('links as l', 'l.id', 'ii.link_id')
    .leftJoin('issue_sections as s', (join) => join.onRef('s.issue_id', '=', 'ii.issue_id').onRef('s.name', '=', 'ii.section'))
    .select([
      'ii.link_id',
      'ii.section',
      'ii.position',
      'ii.title as item_title',
      'ii.blurb as item_blurb',
      'ii.markdown as item_markdown',
      'l.url',
      'l.canonical_key',
      'l.title',
      'l.blurb',
      'l.credit_name',
      'l.credit_url',
      'l.source',
      'l.status',
      'l.metadata',
      'l.enrichment_status',
      'l.enrichment_error',
      'l.possible_duplicate_of',
    ])
    .where('ii.issue_id', '=', issueId)
    .orderBy('s.position')
    .orderBy('ii.position')
    .execute();
  return rows.map((r) => {
    const metadata = r.metadata ? (JSON.parse(r.metadata) as { title?: unknown; description?: unknown }) : {};
    return {
      linkId: r.link_id,
      section: r.section,
      position: r.position,
      itemTitle: r.item_title,
      itemBlurb: r.item_blurb,
      itemMarkdown: r.item_markdown,
      url: r.url,
      canonicalKey: r.canonical_key,
      linkTitle: r.title,
      linkBlurb: r.blurb,
      creditName: r.credit_name,
      creditUrl: r.credit_url,
      source: r.source,
      status: r.status,
      metadataTitle: typeof metadata.title === 'string' ? metadata.title : null,
      metadataDescription: typeof metadata.description === 'string' ? metadata.description : null,
      enrichmentStatus: r.enrichment_status,
      enrichmentError: r.enrichment_error,
      possibleDuplicateOf: r.possible_duplicate_of,
    };
  });
}

/** The issue's sections with their resolved items, in order. */
export async function getResolvedSections(db: Db, issueId: number): Promise<ResolvedSection[]> {
  const sections = await getSections(db, issueId);
  const items = await getItemsWithLinks(db, issueId);
  const bySection = new Map<string, ResolvedSection>(sections.map((s) => [s.name, { ...s, items: [] }]));
  for (const item of items) bySection.get(item.section)?.items.push(resolveItem(item));
  return [...bySection.values()];
}

export type ItemPlacement = { linkId: number; issueId: number; section: string; position?: number | undefined };

/** Puts (or moves) an item at a position in a section, renumbering the section densely. */
export async function placeItem(db: Db, placement: ItemPlacement): Promise<void> {
  const { issueId, linkId, section } = placement;
  const current = await db
    .selectFrom('issue_items')
    .select('link_id')
    .where('issue_id', '=', issueId)
    .where('section', '=', section)
    .where('link_id', '!=', linkId)
    .orderBy('position')
    .execute();
  const order = current.map((r) => r.link_id);
  const at = Math.min(placement.position ?? order.length, order.length);
  order.splice(at, 0, linkId);
  await db.updateTable('issue_items').set({ section }).where('link_id', '=', linkId).execute();
  for (const [position, id] of order.entries()) {
    await db.updateTable('issue_items').set({ position }).where('link_id', '=', id).execute();
  }
}

export async function insertItem(
  db: Db,
  item: { issueId: number; linkId: number; section: string; title?: string | undefined; blurb?: string | undefined; markdown?: string | undefined },
): Promise<void> {
  await db
    .insertInto('issue_items')
    .values({
      link_id: item.linkId,
      issue_id: item.issueId,
      section: item.section,
      position: 2 ** 31, // placed properly by placeItem
      title: item.title ?? null,
      blurb: item.blurb ?? null,
      markdown: item.markdown ?? null,
    })
    .execute();
}

/** Renumbers every section of an issue densely (after a removal). */
export async function compactPositions(db: Db, issueId: number): Promise<void> {
  await sql`UPDATE issue_items AS ii SET position = (
      SELECT count(*) FROM issue_items AS o
      WHERE o.issue_id = ii.issue_id AND o.section = ii.section
        AND (o.position < ii.position OR (o.position = ii.position AND o.link_id < ii.link_id))
    ) WHERE ii.issue_id = ${issueId}`.execute(db);
}

export async function findItem(db: Db, issueId: number, linkId: number) {
  return db.selectFrom('issue_items').selectAll().where('issue_id', '=', issueId).where('link_id', '=', linkId).executeTakeFirst();
}

/** Which issue (number) a link is in, if any. */
export async function issueOfLink(db: Db, linkId: number): Promise<number | null> {
  const row = await db
    .selectFrom('issue_items as ii')
    .innerJoin('issues as i', 'i.id', 'ii.issue_id')
    .select('i.number')
    .where('ii.link_id', '=', linkId)
    .executeTakeFirst();
  return row?.number ?? null;
}

/** Canonical keys of every item in issues published before this one (from their frozen JSON). */
export async function publishedKeysBefore(db: Db, number: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('issues')
    .select(['number', 'rendered_json'])
    .where('status', '=', 'published')
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
export async function publishedIssueOfLinks(db: Db, linkIds: number[]): Promise<Map<number, number>> {
  if (linkIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('issue_items as ii')
    .innerJoin('issues as i', 'i.id', 'ii.issue_id')
    .select(['ii.link_id', 'i.number'])
    .where('i.status', '=', 'published')
    .where('ii.link_id', 'in', linkIds)
    .execute();
  return new Map(rows.map((r) => [r.link_id, r.number]));
}

export async function storePublication(
  db: Db,
  id: number,
  publication: { publishedAt: string; markdown: string; html: string; fragment: string; json: string },
): Promise<void> {
  await db
    .updateTable('issues')
    .set({
      status: 'published',
      published_at: publication.publishedAt,
      updated_at: publication.publishedAt,
      rendered_markdown: publication.markdown,
      rendered_html: publication.html,
      rendered_fragment: publication.fragment,
      rendered_json: publication.json,
    })
    .where('id', '=', id)
    .execute();
}

export async function clearPublication(db: Db, id: number, now: Date): Promise<void> {
  await db
    .updateTable('issues')
    .set({
      status: 'draft',
      published_at: null,
      updated_at: now.toISOString(),
      rendered_markdown: null,
      rendered_html: null,
      rendered_fragment: null,
      rendered_json: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Published issues, newest first, with their frozen renders (for the archive and feeds). */
export async function listPublished(db: Db, limit: number) {
  return db
    .selectFrom('issues')
    .select(['number', 'date', 'subject', 'published_at', 'rendered_fragment'])
    .where('status', '=', 'published')
    .orderBy('number', 'desc')
    .limit(limit)
    .execute();
}

/** Approved links in no issue, oldest first, optionally carrying all `tagIds` and created since. */
export async function findAssemblable(db: Db, filter: { tagIds: number[]; since?: string | undefined; limit: number }) {
  let query = db
    .selectFrom('links as l')
    .select(['l.id', 'l.section'])
    .where('l.status', '=', 'approved')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('issue_items as ii').select('ii.link_id').whereRef('ii.link_id', '=', 'l.id'))));
  for (const tagId of filter.tagIds) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('link_tags as lt').select('lt.link_id').where('lt.tag_id', '=', tagId).whereRef('lt.link_id', '=', 'l.id')),
    );
  }
  if (filter.since) query = query.where('l.created_at', '>=', filter.since);
  return query.orderBy('l.id', 'asc').limit(filter.limit).execute();
}

/** Changes whenever an issue is published or unpublished, or the settings change. */
export async function publicationVersion(db: Db): Promise<string> {
  const row = await db
    .selectFrom('issues')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('published_at').as('latest'),
      eb.fn.sum<number>('number').as('numbers'),
      // The settings themselves, not their timestamp: two saves within a millisecond still differ.
      eb
        .selectFrom('newsletter')
        .select(sql<string>`json_array(name, greeting, intro, submission_call, signoff, base_url, sections)`.as('s'))
        .where('id', '=', 1)
        .as('settings'),
    ])
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.latest ?? ''}|${row.numbers ?? 0}|${row.settings ?? ''}`;
}
