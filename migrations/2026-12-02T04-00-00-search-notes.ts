import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

/**
 * Submitters' notes in the search index (issue 14; the submissions table came with issue 13).
 *
 * `link_search_source` gets its `notes` column: the notes of the link's submissions, oldest
 * first, leaving out the ones kept out as spam (`dropped`). The view is otherwise as the
 * search migration made it, so it is re-created from its own text with that one column
 * changed. Triggers queue a link when a submission with a note is added to it, changed or
 * removed; the links that have notes already are queued here, and the first write
 * transaction after the migration indexes them (as for any write that skips the application).
 */

const EMPTY_NOTES = 'NULL AS notes';
const NOTES = `(SELECT group_concat(s.note, ' ' ORDER BY s.id) FROM submissions s WHERE s.link_id = l.id AND s.dropped = 0 AND s.note IS NOT NULL) AS notes`;

// ON CONFLICT DO NOTHING, not INSERT OR IGNORE: run by the foreign key's ON DELETE SET NULL
// (a link deleted with its submissions), a trigger's OR IGNORE gives way to the action's ABORT.
const queue = (ids: string) => `INSERT INTO link_search_queue (link_id) ${ids} ON CONFLICT DO NOTHING;`;
const triggers: Record<string, string> = {
  link_search_note_add: `AFTER INSERT ON submissions WHEN NEW.link_id IS NOT NULL AND NEW.note IS NOT NULL AND NEW.dropped = 0
    BEGIN ${queue('SELECT NEW.link_id WHERE true')} END`,
  link_search_note_change: `AFTER UPDATE OF link_id, note, dropped ON submissions
    WHEN NEW.link_id IS NOT OLD.link_id OR NEW.note IS NOT OLD.note OR NEW.dropped IS NOT OLD.dropped
    BEGIN ${queue('SELECT value FROM json_each(json_array(OLD.link_id, NEW.link_id)) WHERE value IS NOT NULL')} END`,
  link_search_note_remove: `AFTER DELETE ON submissions WHEN OLD.link_id IS NOT NULL AND OLD.note IS NOT NULL
    BEGIN ${queue('SELECT OLD.link_id WHERE true')} END`,
};

async function replaceView(db: Kysely<any>, from: string, to: string): Promise<void> {
  const row = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'link_search_source'`.execute(db)).rows[0];
  if (!row || !row.sql.includes(from)) throw new Error(`link_search_source does not hold "${from.slice(0, 40)}"`);
  await sql`DROP VIEW link_search_source`.execute(db);
  await sql.raw(row.sql.replace(from, to)).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await replaceView(db, EMPTY_NOTES, NOTES);
  for (const [name, body] of Object.entries(triggers)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
  await sql.raw(queue('SELECT DISTINCT link_id FROM submissions WHERE link_id IS NOT NULL AND note IS NOT NULL AND dropped = 0')).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(triggers)) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  await replaceView(db, NOTES, EMPTY_NOTES);
  await sql.raw(queue('SELECT DISTINCT link_id FROM submissions WHERE link_id IS NOT NULL AND note IS NOT NULL')).execute(db);
}
