import type { Reader, Trx } from './database.js';

/** A secret key kept in `settings` (made by a migration), as bytes. */
export async function readKey(db: Reader, key: 'cursor_key' | 'pow_key'): Promise<Buffer> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'hex');
}

/** A JSON setting, or `fallback` when it was never written. */
export async function readJsonSetting<T>(db: Reader, key: string, fallback: T): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row === undefined ? fallback : (JSON.parse(row.value) as T);
}

export async function writeJsonSetting(trx: Trx, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await trx.insertInto('settings').values({ key, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
}
