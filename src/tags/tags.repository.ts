import { sql } from 'kysely';
import type { Reader, Trx } from '../db/database.js';

/** Ids of the named tags, creating the missing ones, in one statement. Call inside the caller's transaction. */
export async function ensureTags(trx: Trx, names: readonly string[]): Promise<number[]> {
  if (names.length === 0) return [];
  // DO UPDATE (a no-op rename) rather than DO NOTHING, so RETURNING covers existing tags too.
  const rows = await trx
    .insertInto('tags')
    .values(names.map((name) => ({ name })))
    .onConflict((oc) => oc.column('name').doUpdateSet({ name: (eb) => eb.ref('excluded.name') }))
    .returning(['id', 'name'])
    .execute();
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  return names.map((n) => byName.get(n)!);
}

/** Replaces a link's tags with exactly `names`. */
export async function setLinkTags(trx: Trx, linkId: number, names: readonly string[]): Promise<void> {
  await trx.deleteFrom('link_tags').where('link_id', '=', linkId).execute();
  await addLinkTags(trx, linkId, names);
}

export async function addLinkTags(trx: Trx, linkId: number, names: readonly string[]): Promise<void> {
  await addLinkTagIds(trx, linkId, await ensureTags(trx, names));
}

/** Tags by id (from ensureTags in the same transaction), for callers that tag many links with the same few. */
export async function addLinkTagIds(trx: Trx, linkId: number, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .insertInto('link_tags')
    .values(ids.map((tag_id) => ({ tag_id, link_id: linkId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Returns false when the link did not carry the tag. */
export async function removeLinkTag(trx: Trx, linkId: number, name: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('link_tags')
    .where('link_id', '=', linkId)
    .where('tag_id', '=', (eb) => eb.selectFrom('tags').select('id').where('name', '=', name))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Tags that no link carries any more are dropped, so lists and autocomplete stay clean. */
export async function pruneOrphanTags(trx: Trx): Promise<void> {
  await trx.deleteFrom('tags').where('link_count', '=', 0).execute();
}

export type TagCount = { name: string; count: number };

export async function listTags(db: Reader, options: { sort: 'count' | 'name'; prefix?: string | undefined; limit: number }): Promise<TagCount[]> {
  let query = db.selectFrom('tags').select(['name', 'link_count as count']);
  if (options.prefix) {
    // Range on the unique index instead of LIKE, which SQLite would not use for a parameter.
    query = query.where('name', '>=', options.prefix).where('name', '<', `${options.prefix}\u{10FFFF}`);
  }
  query = options.sort === 'count' ? query.orderBy('link_count', 'desc').orderBy('name') : query.orderBy('name');
  return query.limit(options.limit).execute();
}

export async function findTagByName(db: Reader, name: string) {
  return db.selectFrom('tags').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
}

/**
 * Renames a tag; renaming onto an existing tag merges the two (links carrying both keep one).
 * Call inside a transaction.
 */
export async function renameTag(trx: Trx, from: { id: number; name: string }, to: string): Promise<'renamed' | 'merged'> {
  const target = await findTagByName(trx, to);
  if (!target) {
    await trx.updateTable('tags').set({ name: to }).where('id', '=', from.id).execute();
    return 'renamed';
  }
  await sql`INSERT OR IGNORE INTO link_tags (tag_id, link_id) SELECT ${target.id}, link_id FROM link_tags WHERE tag_id = ${from.id}`.execute(trx);
  await trx.deleteFrom('tags').where('id', '=', from.id).execute(); // cascades to its link_tags rows
  return 'merged';
}

export async function deleteTag(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('tags').where('id', '=', id).execute();
}

export async function countLinksWithTag(db: Reader, id: number): Promise<number> {
  const row = await db.selectFrom('tags').select('link_count').where('id', '=', id).executeTakeFirst();
  return row?.link_count ?? 0;
}
