import { sql, type Selectable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, LinkKind, LinkSource, LinkStatus, LinksTable } from '../db/schema.js';
import { setLinkTags, tagsForLinks } from '../tags/tags.repository.js';
import type { LinkJson } from './links.schemas.js';

type LinkRow = Selectable<LinksTable> & { issue_number: number | null };

/** Row → API. The API never returns a raw row. */
export function toLinkJson(row: LinkRow, tags: string[]): LinkJson {
  let metadata: LinkJson['metadata'] = null;
  if (row.metadata) {
    const m = JSON.parse(row.metadata) as Partial<Record<string, unknown>>;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const image = m.image as { url?: unknown; width?: unknown; height?: unknown; alt?: unknown } | null | undefined;
    metadata = {
      title: str(m.title),
      description: str(m.description),
      siteName: str(m.siteName),
      image:
        image && typeof image.url === 'string'
          ? {
              url: image.url,
              width: typeof image.width === 'number' ? image.width : null,
              height: typeof image.height === 'number' ? image.height : null,
              alt: str(image.alt),
            }
          : null,
      favicon: str(m.favicon),
      author: str(m.author),
      publishedAt: str(m.publishedAt),
      canonicalUrl: str(m.canonicalUrl),
      fetchedAt: row.fetched_at,
    };
  }
  return {
    id: row.id,
    url: row.url,
    canonicalKey: row.canonical_key,
    title: row.title,
    blurb: row.blurb,
    credit: row.credit_name === null ? null : { name: row.credit_name, url: row.credit_url },
    kind: row.effective_kind,
    section: row.section,
    tags,
    status: row.status,
    source: row.source,
    submitter: row.submitter,
    metadata,
    enrichment: {
      status: row.enrichment_status,
      attempts: row.enrichment_attempts,
      error: row.enrichment_error,
      fetchedAt: row.fetched_at,
    },
    issue: row.issue_number,
    possibleDuplicateOf: row.possible_duplicate_of,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type FromLinks = SelectQueryBuilder<Database & { l: LinksTable }, 'l', {}>;

/**
 * `links as l`, or, with a tag, `link_tags as lt0 CROSS JOIN links as l`: SQLite never
 * reorders a CROSS JOIN, so the walk goes down the tag's index in link_id order instead of
 * scanning links (which the planner prefers on small or unanalysed tables).
 */
function fromLinks(db: Db, tagId?: number): FromLinks {
  if (tagId === undefined) return db.selectFrom('links as l');
  return db
    .selectFrom('link_tags as lt0')
    .crossJoin('links as l')
    .where('lt0.tag_id', '=', tagId)
    .whereRef('l.id', '=', 'lt0.link_id') as unknown as FromLinks;
}

function selectLinks(db: Db, tagId?: number) {
  return fromLinks(db, tagId)
    .selectAll('l')
    .select((eb) =>
      eb
        .selectFrom('issue_items as ii')
        .innerJoin('issues as i', 'i.id', 'ii.issue_id')
        .select('i.number')
        .whereRef('ii.link_id', '=', 'l.id')
        .as('issue_number'),
    );
}

async function withTags(db: Db, rows: LinkRow[]): Promise<LinkJson[]> {
  const tags = await tagsForLinks(db, rows.map((r) => r.id));
  return rows.map((row) => toLinkJson(row, tags.get(row.id) ?? []));
}

export async function findLinkById(db: Db, id: number): Promise<LinkJson | undefined> {
  const row = await selectLinks(db).where('l.id', '=', id).executeTakeFirst();
  return row ? (await withTags(db, [row]))[0] : undefined;
}

export async function findLinkByCanonicalKey(db: Db, key: string): Promise<{ id: number; url: string; issue: number | null } | undefined> {
  const row = await selectLinks(db).where('l.canonical_key', '=', key).executeTakeFirst();
  return row && { id: row.id, url: row.url, issue: row.issue_number };
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
  await setLinkTags(db, id, link.tags);
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
  tagIds?: number[] | undefined;
  section?: string | undefined;
  kind?: LinkKind | undefined;
  source?: LinkSource | undefined;
  enrichment?: 'pending' | 'done' | 'failed' | undefined;
  issue?: 'none' | number | undefined;
  q?: string | undefined;
};

export type ListOptions = { sort: 'newest' | 'oldest'; limit: number; afterId?: number | undefined };

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * One page of links in id order (id order is creation order). Keyset paging on id, so a
 * page deep in the list costs what the first does, and inserts never shift pages.
 * With tags, the walk is driven from link_tags(tag_id, link_id): an index walk, not a sort.
 */
export async function listLinks(db: Db, filters: LinkFilters, options: ListOptions): Promise<{ items: LinkJson[]; hasMore: boolean }> {
  const desc = options.sort === 'newest';
  const [firstTag, ...otherTags] = filters.tagIds ?? [];

  let query = selectLinks(db, firstTag);
  // The column the walk is ordered by: with a tag, the tag index's link_id.
  const orderColumn = sql.ref(firstTag === undefined ? 'l.id' : 'lt0.link_id');

  for (const tagId of otherTags) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('link_tags as lt').select(sql`1`.as('one')).where('lt.tag_id', '=', tagId).whereRef('lt.link_id', '=', 'l.id')),
    );
  }
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
  const hasMore = rows.length > options.limit;
  return { items: await withTags(db, rows.slice(0, options.limit)), hasMore };
}
