import { sql, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, LinkKind, LinkSource, LinkStatus, LinksTable, LinkTagsTable } from '../db/schema.js';
import { addLinkTags } from '../tags/tags.repository.js';
import type { LinkJson } from './links.schemas.js';

/**
 * A link as the API shows it (LinkSchema), built by SQLite as JSON text in the query that
 * finds the link: its tags (by name) and issue number come from correlated lookups, and the
 * stored metadata is already in the API's shape (see storedMetadata), so it is copied, not
 * re-parsed field by field. Rows never become JavaScript objects on the way to a response,
 * which is most of what a list request used to cost. `l` is the links table's alias.
 */
const linkJson = sql<string>`json_object(
  'id', l.id,
  'url', l.url,
  'canonicalKey', l.canonical_key,
  'title', l.title,
  'blurb', l.blurb,
  'credit', iif(l.credit_name IS NULL, NULL, json_object('name', l.credit_name, 'url', l.credit_url)),
  'kind', l.effective_kind,
  'section', l.section,
  'tags', (SELECT json_group_array(name) FROM (
    SELECT t.name FROM link_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.link_id = l.id ORDER BY t.name)),
  'status', l.status,
  'source', l.source,
  'submitter', l.submitter,
  'metadata', json_set(l.metadata, '$.fetchedAt', l.fetched_at),
  'enrichment', json_object(
    'status', l.enrichment_status,
    'attempts', l.enrichment_attempts,
    'error', l.enrichment_error,
    'fetchedAt', l.fetched_at),
  'issue', (SELECT i.number FROM issue_items ii JOIN issues i ON i.id = ii.issue_id WHERE ii.link_id = l.id),
  'possibleDuplicateOf', l.possible_duplicate_of,
  'createdAt', l.created_at,
  'updatedAt', l.updated_at)`;

type FromLinks = SelectQueryBuilder<Database & { l: LinksTable; lt0: LinkTagsTable }, 'l', {}>;

/**
 * `links as l`, or, with tags, `link_tags as lt0 CROSS JOIN links as l` walking the rarest
 * named tag (tags.link_count): SQLite never reorders a CROSS JOIN, so the walk goes down that
 * tag's index in link_id order instead of scanning links, and every other tag is one primary-key
 * probe per link walked. Names are resolved inside the query; an unknown name matches nothing.
 */
function fromLinks(db: Db, tags: readonly string[]): FromLinks {
  if (tags.length === 0) return db.selectFrom('links as l') as FromLinks;
  let query = db
    .selectFrom('link_tags as lt0')
    .crossJoin('links as l')
    .where('lt0.tag_id', '=', (eb) =>
      eb.selectFrom('tags').select('tags.id').where('tags.name', 'in', tags).orderBy('tags.link_count').orderBy('tags.id').limit(1),
    )
    .whereRef('l.id', '=', 'lt0.link_id');
  // With one tag, the walk is the filter. With several, every tag but the walked one costs a
  // probe of link_tags' (tag_id, link_id) key; which tag is walked is decided inside the query,
  // so each condition first asks whether it is the walked tag.
  if (tags.length > 1) {
    for (const name of tags) {
      query = query.where((eb) => {
        const idOf = () => eb.selectFrom('tags').select('tags.id').where('tags.name', '=', name);
        return eb.or([
          eb('lt0.tag_id', '=', idOf()),
          eb.exists(eb.selectFrom('link_tags as lt').select(sql`1`.as('one')).where('lt.tag_id', '=', idOf()).whereRef('lt.link_id', '=', 'lt0.link_id')),
        ]);
      });
    }
  }
  return query as unknown as FromLinks;
}

export async function findLinkById(db: Db, id: number): Promise<LinkJson | undefined> {
  const row = await db.selectFrom('links as l').select(linkJson.as('json')).where('l.id', '=', id).executeTakeFirst();
  return row && (JSON.parse(row.json) as LinkJson);
}

export async function findLinkByCanonicalKey(db: Db, key: string): Promise<{ id: number; url: string; issue: number | null } | undefined> {
  const row = await db
    .selectFrom('links as l')
    .leftJoin('issue_items as ii', 'ii.link_id', 'l.id')
    .leftJoin('issues as i', 'i.id', 'ii.issue_id')
    .select(['l.id', 'l.url', 'i.number'])
    .where('l.canonical_key', '=', key)
    .executeTakeFirst();
  return row && { id: row.id, url: row.url, issue: row.number };
}

export type NewLink = {
  url: string;
  canonicalKey: string;
  title?: string | undefined;
  blurb?: string | undefined;
  credit?: { name: string; url?: string | undefined } | undefined;
  kind?: LinkKind | undefined;
  section?: string | undefined;
  status: LinkStatus;
  source: LinkSource;
  submitter: string | null;
  tags: string[];
  now: Date;
};

/** Inserts the link and its tags. Call inside a transaction. */
export async function insertLink(db: Db, link: NewLink): Promise<number> {
  const now = link.now.toISOString();
  const { id } = await db
    .insertInto('links')
    .values({
      url: link.url,
      canonical_key: link.canonicalKey,
      title: link.title ?? null,
      blurb: link.blurb ?? null,
      credit_name: link.credit?.name ?? null,
      credit_url: link.credit?.url ?? null,
      kind: link.kind ?? null,
      section: link.section ?? null,
      status: link.status,
      source: link.source,
      submitter: link.submitter,
      metadata: null,
      enrichment_error: null,
      fetched_at: null,
      inferred_kind: null,
      possible_duplicate_of: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addLinkTags(db, id, link.tags);
  return id;
}

export type LinkChanges = {
  url?: { url: string; canonicalKey: string };
  title?: string | null;
  blurb?: string | null;
  credit?: { name: string; url?: string | undefined } | null;
  kind?: LinkKind | null;
  section?: string | null;
  status?: LinkStatus;
};

/** Applies editor changes. A new URL forgets the old page's metadata (the caller queues a fetch). Call inside a transaction. */
export async function updateLink(db: Db, id: number, changes: LinkChanges, now: Date): Promise<void> {
  const set: Updateable<LinksTable> = { updated_at: now.toISOString() };
  if (changes.url) {
    Object.assign(set, {
      url: changes.url.url,
      canonical_key: changes.url.canonicalKey,
      metadata: null,
      fetched_at: null,
      inferred_kind: null,
      possible_duplicate_of: null,
    });
  }
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.blurb !== undefined) set.blurb = changes.blurb;
  if (changes.credit !== undefined) {
    set.credit_name = changes.credit?.name ?? null;
    set.credit_url = changes.credit?.url ?? null;
  }
  if (changes.kind !== undefined) set.kind = changes.kind;
  if (changes.section !== undefined) set.section = changes.section;
  if (changes.status !== undefined) set.status = changes.status;
  await db.updateTable('links').set(set).where('id', '=', id).execute();
}

export async function touchLink(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('links').set({ updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function deleteLink(db: Db, id: number): Promise<void> {
  await db.deleteFrom('links').where('id', '=', id).execute();
}

export async function linkExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('links').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export type LinkFilters = {
  status?: LinkStatus | undefined;
  /** Tag names; a link must carry all of them. */
  tags?: string[] | undefined;
  section?: string | undefined;
  kind?: LinkKind | undefined;
  source?: LinkSource | undefined;
  enrichment?: 'pending' | 'done' | 'failed' | undefined;
  issue?: 'none' | number | undefined;
  q?: string | undefined;
};

export type ListOptions = { sort: 'newest' | 'oldest'; limit: number; afterId?: number | undefined };

/** A page of links as JSON text (an array of LinkSchema), ready to be sent. */
export type LinkPageJson = { itemsJson: string; lastId: number | null; hasMore: boolean };

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * One page of links in id order (id order is creation order). Keyset paging on id, so a
 * page deep in the list costs what the first does, and inserts never shift pages.
 * With tags, the walk is driven from link_tags(tag_id, link_id): an index walk, not a sort.
 */
export async function listLinks(db: Db, filters: LinkFilters, options: ListOptions): Promise<LinkPageJson> {
  const desc = options.sort === 'newest';
  const tags = filters.tags ?? [];

  let query = fromLinks(db, tags).select(['l.id', linkJson.as('json')]);
  // The column the walk is ordered by: with tags, the tag index's link_id.
  const orderColumn = sql.ref(tags.length === 0 ? 'l.id' : 'lt0.link_id');

  if (filters.status) query = query.where('l.status', '=', filters.status);
  if (filters.section) query = query.where('l.section', '=', filters.section);
  if (filters.kind) query = query.where('l.effective_kind', '=', filters.kind);
  if (filters.source) query = query.where('l.source', '=', filters.source);
  if (filters.enrichment) query = query.where('l.enrichment_status', '=', filters.enrichment);
  if (filters.issue === 'none') {
    query = query.where((eb) => eb.not(eb.exists(eb.selectFrom('issue_items as ii').select('ii.link_id').whereRef('ii.link_id', '=', 'l.id'))));
  } else if (typeof filters.issue === 'number') {
    const number = filters.issue;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('issue_items as ii')
          .innerJoin('issues as i', 'i.id', 'ii.issue_id')
          .select('ii.link_id')
          .whereRef('ii.link_id', '=', 'l.id')
          .where('i.number', '=', number),
      ),
    );
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    query = query.where(
      sql<boolean>`(l.title LIKE ${pattern} ESCAPE '\\' OR l.blurb LIKE ${pattern} ESCAPE '\\' OR l.url LIKE ${pattern} ESCAPE '\\' OR l.metadata LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (options.afterId !== undefined) query = query.where(orderColumn, desc ? '<' : '>', options.afterId);

  const rows = await query
    .orderBy(orderColumn, desc ? 'desc' : 'asc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  return {
    itemsJson: `[${page.map((r) => r.json).join(',')}]`,
    lastId: page.at(-1)?.id ?? null,
    hasMore: rows.length > options.limit,
  };
}
