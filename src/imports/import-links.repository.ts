import { sql } from 'kysely';
import type { Reader, Trx } from '../db/database.js';
import { prepared, preparedWrite } from '../db/prepared.js';
import type { PageState } from './merge-plan.js';

// The links side of an import: what a batch needs to know of the pages it meets, and the
// merges it makes. Keys and ids go in as one JSON array (json_each), so each query is one
// statement whatever the batch's size, and SQLite walks the unique index once per key.

const linksByKeys = prepared((db, p: { keys: string }) =>
  db
    .selectFrom('links')
    .select(['id', 'canonical_key', 'created_at', 'source', sql<0 | 1>`title IS NOT NULL`.as('has_title'), sql<0 | 1>`blurb IS NOT NULL`.as('has_blurb')])
    .where('canonical_key', 'in', sql<string>`(SELECT value FROM json_each(${p.keys}))`),
);

const tagsOfLinks = prepared((db, p: { ids: string }) =>
  db
    .selectFrom('link_tags as lt')
    .innerJoin('tags as t', 't.id', 'lt.tag_id')
    .select(['lt.link_id', 't.name'])
    .where('lt.link_id', 'in', sql<number>`(SELECT value FROM json_each(${p.ids}))`),
);

/** The links that have these pages (by canonical key), with their tags. */
export async function findPageStates(db: Reader, keys: readonly string[]): Promise<Map<string, PageState>> {
  const states = new Map<string, PageState>();
  if (keys.length === 0) return states;
  const rows = await linksByKeys(db, { keys: JSON.stringify(keys) });
  if (rows.length === 0) return states;
  const byId = new Map<number, PageState>();
  for (const row of rows) {
    const state: PageState = { linkId: row.id, hasTitle: row.has_title === 1, hasBlurb: row.has_blurb === 1, fillable: row.source !== 'editor', tags: new Set(), createdAt: row.created_at };
    states.set(row.canonical_key, state);
    byId.set(row.id, state);
  }
  for (const tag of await tagsOfLinks(db, { ids: JSON.stringify([...byId.keys()]) })) byId.get(tag.link_id)?.tags.add(tag.name);
  return states;
}

const mergeFields = preparedWrite((db, p: { id: number; title: string | null; blurb: string | null; createdAt: string | null; now: string }) =>
  db
    .updateTable('links')
    .set({
      // coalesce: a field set meanwhile stays as it is; an editor's text is never replaced.
      title: sql`coalesce(title, ${p.title})`,
      blurb: sql`coalesce(blurb, ${p.blurb})`,
      created_at: sql`min(created_at, coalesce(${p.createdAt}, created_at))`,
      updated_at: p.now,
    })
    .where('id', '=', p.id),
);

/** Fills an existing link's empty title and blurb and moves its date back, as a merge plans. */
export async function mergeIntoLink(trx: Trx, id: number, fields: { title: string | null; blurb: string | null; createdAt: string | null }, now: Date): Promise<void> {
  await mergeFields(trx, { id, ...fields, now: now.toISOString() });
}

const dryStates = prepared((db, p: { importId: number; keys: string }) =>
  db
    .selectFrom('import_dry_links')
    .select(['canonical_key', 'has_title', 'has_blurb', 'fillable', 'tags', 'created_at'])
    .where('import_id', '=', p.importId)
    .where('canonical_key', 'in', sql<string>`(SELECT value FROM json_each(${p.keys}))`),
);

/** A dry run's states: what it would have made of each page so far, else the link that has it. */
export async function findDryStates(db: Reader, importId: number, keys: readonly string[]): Promise<Map<string, PageState>> {
  const states = new Map<string, PageState>();
  if (keys.length === 0) return states;
  for (const row of await dryStates(db, { importId, keys: JSON.stringify(keys) })) {
    const fillable = row.fillable === 1;
    states.set(row.canonical_key, { linkId: null, hasTitle: row.has_title === 1, hasBlurb: row.has_blurb === 1, fillable, tags: new Set(JSON.parse(row.tags) as string[]), createdAt: row.created_at });
  }
  const rest = keys.filter((key) => !states.has(key));
  for (const [key, state] of await findPageStates(db, rest)) states.set(key, state);
  return states;
}

const saveDry = preparedWrite((db, p: { importId: number; key: string; hasTitle: 0 | 1; hasBlurb: 0 | 1; fillable: 0 | 1; tags: string; createdAt: string }) =>
  db
    .insertInto('import_dry_links')
    .values({ import_id: p.importId, canonical_key: p.key, has_title: p.hasTitle, has_blurb: p.hasBlurb, fillable: p.fillable, tags: p.tags, created_at: p.createdAt })
    .onConflict((oc) =>
      oc.columns(['import_id', 'canonical_key']).doUpdateSet((eb) => ({
        has_title: eb.ref('excluded.has_title'),
        has_blurb: eb.ref('excluded.has_blurb'),
        tags: eb.ref('excluded.tags'),
        created_at: eb.ref('excluded.created_at'),
      })),
    ),
);

export async function saveDryState(trx: Trx, importId: number, key: string, state: PageState): Promise<void> {
  await saveDry(trx, {
    importId,
    key,
    hasTitle: state.hasTitle ? 1 : 0,
    hasBlurb: state.hasBlurb ? 1 : 0,
    fillable: state.fillable ? 1 : 0,
    tags: JSON.stringify([...state.tags]),
    createdAt: state.createdAt,
  });
}

/** Forgets up to `limit` of a dry run's states; returns how many it forgot (0: none are left). */
export async function forgetDryStates(trx: Trx, importId: number, limit: number): Promise<number> {
  const result = await sql`DELETE FROM import_dry_links WHERE import_id = ${importId} AND canonical_key IN (
    SELECT canonical_key FROM import_dry_links WHERE import_id = ${importId} LIMIT ${limit})`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}
