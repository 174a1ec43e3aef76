import { sql, type Selectable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Db, Reader, Trx } from '../db/database.js';
import type { Database, LinkJsonTable, LinksTable, LinkTagsTable } from '../db/schema.js';
import type { EnrichmentStatus, LinkKind, LinkSource, LinkStatus } from './link-fields.js';
import { prepared, preparedWrite } from '../db/prepared.js';
import { addLinkTags } from '../tags/tags.repository.js';
import type { LinkJson } from './links.schemas.js';

type FromLinks = SelectQueryBuilder<Database & { l: LinksTable; lt0: LinkTagsTable; lj: LinkJsonTable }, 'l' | 'lj', {}>;

/**
 * `links as l`, or, with tags, `link_tags as lt0 CROSS JOIN links as l` walking the rarest
 * named tag (tags.link_count): SQLite never reorders a CROSS JOIN, so the walk goes down that
 * tag's index in link_id order instead of scanning links, and every other tag is one primary-key
 * probe per link walked. Names are resolved inside the query; an unknown name matches nothing.
 */
function fromLinks(db: Db, tags: readonly string[]): FromLinks {
  if (tags.length === 0) return db.selectFrom('links as l').innerJoin('link_json as lj', 'lj.link_id', 'l.id') as FromLinks;
  let query = db
    .selectFrom('link_tags as lt0')
    .crossJoin('links as l')
    .innerJoin('link_json as lj', 'lj.link_id', 'l.id')
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

/**
 * A link's API JSON (LinkSchema) is kept as text in link_json by triggers (see LinkJsonTable),
 * so reads send it as it is: rows never become JavaScript objects on the way to a response.
 */
const linkById = prepared((db, p: { id: number }) => db.selectFrom('link_json').select('json').where('link_id', '=', p.id));

/** The link as JSON text, ready to send. */
export async function findLinkJsonById(db: Reader, id: number): Promise<string | undefined> {
  const [row] = await linkById(db, { id });
  return row?.json;
}

export async function findLinkById(db: Reader, id: number): Promise<LinkJson | undefined> {
  const json = await findLinkJsonById(db, id);
  return json === undefined ? undefined : (JSON.parse(json) as LinkJson);
}

/** Every insert and URL change asks this first, so it is compiled once. */
const linkByCanonicalKey = prepared((db, p: { key: string }) =>
  db
    .selectFrom('links as l')
    .leftJoin('issue_items as ii', 'ii.link_id', 'l.id')
    .leftJoin('issues as i', 'i.id', 'ii.issue_id')
    .select(['l.id', 'l.url', 'i.number'])
    .where('l.canonical_key', '=', p.key),
);

export async function findLinkByCanonicalKey(db: Reader, key: string): Promise<{ id: number; url: string; issue: number | null } | undefined> {
  const [row] = await linkByCanonicalKey(db, { key });
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
  /** When the link was first saved, if before now (an imported bookmark's date); default `now`. */
  createdAt?: Date | undefined;
};

/** A new link's row; `now` is its updated_at, `created` its created_at. */
type NewLinkRow = Pick<
  Selectable<LinksTable>,
  'url' | 'canonical_key' | 'title' | 'blurb' | 'credit_name' | 'credit_url' | 'kind' | 'section' | 'status' | 'source' | 'submitter'
> & { now: string; created: string };

const insertLinkRow = preparedWrite((db, p: NewLinkRow) =>
  db
    .insertInto('links')
    .values({
      url: p.url,
      canonical_key: p.canonical_key,
      title: p.title,
      blurb: p.blurb,
      credit_name: p.credit_name,
      credit_url: p.credit_url,
      kind: p.kind,
      section: p.section,
      status: p.status,
      source: p.source,
      submitter: p.submitter,
      metadata: null,
      enrichment_error: null,
      fetched_at: null,
      inferred_kind: null,
      possible_duplicate_of: null,
      created_at: p.created,
      updated_at: p.now,
    })
    .returning('id'),
);

/** Inserts the link and its tags. Call inside a transaction. */
export async function insertLink(trx: Trx, link: NewLink): Promise<number> {
  const [row] = await insertLinkRow(
    trx,
    {
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
      now: link.now.toISOString(),
      created: (link.createdAt ?? link.now).toISOString(),
    },
  );
  await addLinkTags(trx, row!.id, link.tags);
  return row!.id;
}

export type LinkChanges = {
  url?: { url: string; canonicalKey: string };
  title?: string | null;
  blurb?: string | null;
  credit?: { name: string; url?: string | undefined } | null;
  kind?: LinkKind | null;
  section?: string | null;
  status?: LinkStatus;
  /** With a status: why (null clears the old reason). */
  statusReason?: { text: string; public: boolean } | null | undefined;
};

/** Applies editor changes. A new URL forgets the old page's metadata (the caller queues a fetch). Call inside a transaction. */
export async function updateLink(trx: Trx, id: number, changes: LinkChanges, now: Date): Promise<void> {
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
  if (changes.statusReason !== undefined) {
    set.status_reason = changes.statusReason?.text ?? null;
    set.status_reason_public = changes.statusReason?.public ? 1 : 0;
  }
  await trx.updateTable('links').set(set).where('id', '=', id).execute();
}

export async function touchLink(trx: Trx, id: number, now: Date): Promise<void> {
  await trx.updateTable('links').set({ updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function deleteLink(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('links').where('id', '=', id).execute();
}

export async function linkExists(db: Reader, id: number): Promise<boolean> {
  return (await db.selectFrom('links').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** What a list of links can be narrowed by: the one definition the route, the shape and the values follow. */
export type LinkFilters = {
  status?: LinkStatus | undefined;
  /** Tag names; a link must carry all of them. */
  tags?: string[] | undefined;
  section?: string | undefined;
  kind?: LinkKind | undefined;
  source?: LinkSource | undefined;
  enrichment?: EnrichmentStatus | undefined;
  issue?: 'none' | number | undefined;
};

export type ListOptions = { sort: 'newest' | 'oldest'; limit: number; afterId?: number | undefined };

/** A page of links as JSON text (an array of LinkSchema), ready to be sent. */
export type LinkPageJson = { itemsJson: string; lastId: number | null; hasMore: boolean };

/** The filters compared with one bound value each. */
type ScalarFilter = 'status' | 'section' | 'kind' | 'source' | 'enrichment';

/** Everything the list query's SQL depends on; prepared() compiles it once per shape. */
type ListShape = { [K in ScalarFilter]: boolean } & {
  desc: boolean;
  /** How many tags are ANDed. */
  tags: number;
  after: boolean;
  issue: 'none' | 'number' | null;
};

/** The values bound to the list query's slots; tags are `tag0`, `tag1`, … */
type ListValues = Pick<LinkFilters, ScalarFilter> & {
  limit: number;
  afterId?: number | undefined;
  issue?: number | undefined;
} & Record<`tag${number}`, string>;

const listQuery = prepared((db, p: ListValues, s: ListShape) => {
  const tags = Array.from({ length: s.tags }, (_, i) => p[`tag${i}`]!);
  let query = fromLinks(db, tags).select(['l.id', 'lj.json']);
  // The column the walk is ordered by: with tags, the tag index's link_id.
  const orderColumn = sql.ref(s.tags === 0 ? 'l.id' : 'lt0.link_id');

  if (s.status) query = query.where('l.status', '=', p.status!);
  if (s.section) query = query.where('l.section', '=', p.section!);
  if (s.kind) query = query.where('l.effective_kind', '=', p.kind!);
  if (s.source) query = query.where('l.source', '=', p.source!);
  if (s.enrichment) query = query.where('l.enrichment_status', '=', p.enrichment!);
  if (s.issue === 'none') {
    query = query.where((eb) => eb.not(eb.exists(eb.selectFrom('issue_items as ii').select('ii.link_id').whereRef('ii.link_id', '=', 'l.id'))));
  } else if (s.issue === 'number') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('issue_items as ii')
          .innerJoin('issues as i', 'i.id', 'ii.issue_id')
          .select('ii.link_id')
          .whereRef('ii.link_id', '=', 'l.id')
          .where('i.number', '=', p.issue!),
      ),
    );
  }
  if (s.after) query = query.where(orderColumn, s.desc ? '<' : '>', p.afterId!);
  return query.orderBy(orderColumn, s.desc ? 'desc' : 'asc').limit(p.limit);
});

/**
 * One page of links in id order (id order is creation order). Keyset paging on id, so a
 * page deep in the list costs what the first does, and inserts never shift pages.
 * With tags, the walk is driven from link_tags(tag_id, link_id): an index walk, not a sort.
 */
export async function listLinks(db: Reader, filters: LinkFilters, options: ListOptions): Promise<LinkPageJson> {
  const tags = filters.tags ?? [];
  const shape: ListShape = {
    desc: options.sort === 'newest',
    tags: tags.length,
    after: options.afterId !== undefined,
    status: filters.status !== undefined,
    section: filters.section !== undefined,
    kind: filters.kind !== undefined,
    source: filters.source !== undefined,
    enrichment: filters.enrichment !== undefined,
    issue: filters.issue === undefined ? null : filters.issue === 'none' ? 'none' : 'number',
  };
  const values: ListValues = {
    limit: options.limit + 1,
    afterId: options.afterId,
    status: filters.status,
    section: filters.section,
    kind: filters.kind,
    source: filters.source,
    enrichment: filters.enrichment,
    issue: typeof filters.issue === 'number' ? filters.issue : undefined,
    ...Object.fromEntries(tags.map((name, i) => [`tag${i}`, name])),
  };
  const rows = await listQuery(db, values, shape);
  const page = rows.slice(0, options.limit);
  return {
    itemsJson: `[${page.map((r) => r.json).join(',')}]`,
    lastId: page.at(-1)?.id ?? null,
    hasMore: rows.length > options.limit,
  };
}
