import { sql } from 'kysely';
import type { Reader, Trx } from '../db/database.js';
import { getSections, replaceSections } from './issues.repository.js';
import { resolveItem, type ItemWithLink, type ResolvedSection } from './resolve-items.js';

// An issue's items: which links it holds, in which section and place, with what overrides.

/** Items joined with their links, in section order then item order. */
export async function getItemsWithLinks(db: Reader, issueId: number): Promise<ItemWithLink[]> {
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
      // The stored metadata (PageMetadata) as the renderers need it: only its title and description.
      sql<string | null>`l.metadata ->> '$.title'`.as('metadata_title'),
      sql<string | null>`l.metadata ->> '$.description'`.as('metadata_description'),
      'l.enrichment_status',
      'l.enrichment_error',
      'l.possible_duplicate_of',
    ])
    .where('ii.issue_id', '=', issueId)
    .orderBy('s.position')
    .orderBy('ii.position')
    .execute();
  return rows.map((r) => {
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
      metadataTitle: r.metadata_title,
      metadataDescription: r.metadata_description,
      enrichmentStatus: r.enrichment_status,
      enrichmentError: r.enrichment_error,
      possibleDuplicateOf: r.possible_duplicate_of,
    };
  });
}

/** The issue's sections with their resolved items, in order. */
export async function getResolvedSections(db: Reader, issueId: number): Promise<ResolvedSection[]> {
  const sections = await getSections(db, issueId);
  const items = await getItemsWithLinks(db, issueId);
  const bySection = new Map<string, ResolvedSection>(sections.map((s) => [s.name, { ...s, items: [] }]));
  for (const item of items) bySection.get(item.section)?.items.push(resolveItem(item));
  return [...bySection.values()];
}

export type ItemPlacement = { linkId: number; issueId: number; section: string; position?: number | undefined };

/**
 * Puts (or moves) an item at a position in a section (default: last), keeping positions in
 * every section dense (0, 1, 2 …): the gap it leaves closes, the items at and after its new
 * place move down by one. A fixed number of statements, whatever the sections hold.
 */
export async function placeItem(trx: Trx, placement: ItemPlacement): Promise<void> {
  const { issueId, linkId, section } = placement;
  const current = await trx.selectFrom('issue_items').select(['section', 'position']).where('link_id', '=', linkId).executeTakeFirstOrThrow();
  await trx
    .updateTable('issue_items')
    .set((eb) => ({ position: eb('position', '-', 1) }))
    .where('issue_id', '=', issueId)
    .where('section', '=', current.section)
    .where('position', '>', current.position)
    .execute();
  const { others } = await trx
    .selectFrom('issue_items')
    .select((eb) => eb.fn.countAll<number>().as('others'))
    .where('issue_id', '=', issueId)
    .where('section', '=', section)
    .where('link_id', '!=', linkId)
    .executeTakeFirstOrThrow();
  const at = Math.min(placement.position ?? Number(others), Number(others));
  await trx
    .updateTable('issue_items')
    .set((eb) => ({ position: eb('position', '+', 1) }))
    .where('issue_id', '=', issueId)
    .where('section', '=', section)
    .where('link_id', '!=', linkId)
    .where('position', '>=', at)
    .execute();
  await trx.updateTable('issue_items').set({ section, position: at }).where('link_id', '=', linkId).execute();
}

export type NewItem = { linkId: number; section: string; title?: string | null | undefined; blurb?: string | null | undefined; markdown?: string | null | undefined };

const ITEMS_PER_INSERT = 100; // 7 values each: well under SQLite's 32,766 bound parameters

/**
 * Appends items after the last one of their sections, in the order given: one insert per
 * hundred items and one read of the sections' ends, so N items cost N rows however long the
 * sections are.
 */
export async function appendItems(trx: Trx, issueId: number, items: readonly NewItem[]): Promise<void> {
  if (items.length === 0) return;
  const ends = await trx
    .selectFrom('issue_items')
    .select(['section', (eb) => eb.fn.max('position').as('last')])
    .where('issue_id', '=', issueId)
    .groupBy('section')
    .execute();
  const next = new Map(ends.map((e) => [e.section, Number(e.last) + 1]));
  const rows = items.map((item) => {
    const position = next.get(item.section) ?? 0;
    next.set(item.section, position + 1);
    return {
      link_id: item.linkId,
      issue_id: issueId,
      section: item.section,
      position,
      title: item.title ?? null,
      blurb: item.blurb ?? null,
      markdown: item.markdown ?? null,
    };
  });
  for (let i = 0; i < rows.length; i += ITEMS_PER_INSERT) {
    await trx.insertInto('issue_items').values(rows.slice(i, i + ITEMS_PER_INSERT)).execute();
  }
}

/** Replaces an issue's whole layout: its sections and every item, in order. */
export async function replaceLayout(
  trx: Trx,
  issueId: number,
  layout: readonly { name: string; featured: boolean; items: readonly Omit<NewItem, 'section'>[] }[],
): Promise<void> {
  await trx.deleteFrom('issue_items').where('issue_id', '=', issueId).execute();
  await replaceSections(trx, issueId, layout.map(({ name, featured }) => ({ name, featured })));
  await appendItems(trx, issueId, layout.flatMap((section) => section.items.map((item) => ({ ...item, section: section.name }))));
}

/** Sets an item's own title, blurb or Markdown (null clears one); fields left out stay. */
export async function updateItemOverrides(
  trx: Trx,
  linkId: number,
  overrides: { title?: string | null | undefined; blurb?: string | null | undefined; markdown?: string | null | undefined },
): Promise<void> {
  const set: { title?: string | null; blurb?: string | null; markdown?: string | null } = {};
  if (overrides.title !== undefined) set.title = overrides.title;
  if (overrides.blurb !== undefined) set.blurb = overrides.blurb;
  if (overrides.markdown !== undefined) set.markdown = overrides.markdown;
  if (Object.keys(set).length > 0) await trx.updateTable('issue_items').set(set).where('link_id', '=', linkId).execute();
}

/** Returns false when the link was not in the issue. */
export async function deleteItem(trx: Trx, issueId: number, linkId: number): Promise<boolean> {
  const result = await trx.deleteFrom('issue_items').where('issue_id', '=', issueId).where('link_id', '=', linkId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A link's status, for deciding whether it may join an issue. */
export async function findLinkStatus(db: Reader, linkId: number) {
  return db.selectFrom('links').select(['id', 'status']).where('id', '=', linkId).executeTakeFirst();
}

/** Renumbers every section of an issue densely (after a removal). */
export async function compactPositions(trx: Trx, issueId: number): Promise<void> {
  await sql`UPDATE issue_items AS ii SET position = (
      SELECT count(*) FROM issue_items AS o
      WHERE o.issue_id = ii.issue_id AND o.section = ii.section
        AND (o.position < ii.position OR (o.position = ii.position AND o.link_id < ii.link_id))
    ) WHERE ii.issue_id = ${issueId}`.execute(trx);
}

export async function findItem(db: Reader, issueId: number, linkId: number) {
  return db.selectFrom('issue_items').selectAll().where('issue_id', '=', issueId).where('link_id', '=', linkId).executeTakeFirst();
}

/** Which issue (number) a link is in, if any. */
export async function issueOfLink(db: Reader, linkId: number): Promise<number | null> {
  const row = await db
    .selectFrom('issue_items as ii')
    .innerJoin('issues as i', 'i.id', 'ii.issue_id')
    .select('i.number')
    .where('ii.link_id', '=', linkId)
    .executeTakeFirst();
  return row?.number ?? null;
}

/**
 * Approved links in no issue, oldest first, optionally carrying all the named tags and created
 * since a time. Tag names are resolved inside the query: an unknown name matches nothing.
 */
export async function findAssemblable(db: Reader, filter: { tags: readonly string[]; since?: string | undefined; limit: number }) {
  let query = db
    .selectFrom('links as l')
    .select(['l.id', 'l.section'])
    .where('l.status', '=', 'approved')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('issue_items as ii').select('ii.link_id').whereRef('ii.link_id', '=', 'l.id'))));
  for (const name of new Set(filter.tags)) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('link_tags as lt')
          .innerJoin('tags as t', 't.id', 'lt.tag_id')
          .select('lt.link_id')
          .where('t.name', '=', name)
          .whereRef('lt.link_id', '=', 'l.id'),
      ),
    );
  }
  if (filter.since) query = query.where('l.created_at', '>=', filter.since);
  return query.orderBy('l.id', 'asc').limit(filter.limit).execute();
}
