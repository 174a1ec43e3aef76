import type { Reader } from './database.js';

export async function readCursorKey(db: Reader): Promise<Buffer> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'cursor_key').executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'hex');
}
