import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // links.possible_duplicate_of references links (ON DELETE SET NULL), so deleting a link
  // looks for the links pointing at it: without an index that is a scan of every link
  // (about a second at 1M links, holding the write lock). Few links point anywhere, so the
  // index holds only those.
  await sql`CREATE INDEX links_possible_duplicate_of ON links (possible_duplicate_of) WHERE possible_duplicate_of IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX links_possible_duplicate_of`.execute(db);
}
