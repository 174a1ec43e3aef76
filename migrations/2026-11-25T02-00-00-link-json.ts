import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

/**
 * Each link's JSON as the API shows it (LinkSchema), kept ready in `link_json` by triggers.
 *
 * `link_api_json` is the one definition of that JSON: a view over the link, its tags (by
 * name, sorted) and its issue number. Building it costs ~5 µs a link (most of a list page's
 * database time at 1M links); reading the kept text costs well under one. Every write that
 * can change a link's JSON refreshes that link's row here: the link itself, its tags (also
 * through foreign-key cascades, which fire triggers), a tag's name, its issue membership and
 * that issue's number. Changing the API's shape of a link means a new migration that
 * re-creates the view and refills the table.
 */
const view = sql`CREATE VIEW link_api_json AS SELECT l.id, json_object(
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
  'updatedAt', l.updated_at) AS json
FROM links l`;

/** Rewrites the kept JSON of the links `ids` selects (a link that no longer exists writes nothing). */
const refresh = (ids: string) =>
  `INSERT INTO link_json (link_id, json) SELECT v.id, v.json FROM link_api_json v WHERE v.id IN (${ids})
     ON CONFLICT (link_id) DO UPDATE SET json = excluded.json;`;

const triggers: Record<string, string> = {
  link_json_link_insert: `AFTER INSERT ON links BEGIN ${refresh('NEW.id')} END`,
  link_json_link_update: `AFTER UPDATE ON links BEGIN ${refresh('NEW.id')} END`,
  link_json_tag_add: `AFTER INSERT ON link_tags BEGIN ${refresh('NEW.link_id')} END`,
  link_json_tag_remove: `AFTER DELETE ON link_tags BEGIN ${refresh('OLD.link_id')} END`,
  link_json_tag_move: `AFTER UPDATE ON link_tags BEGIN ${refresh('OLD.link_id, NEW.link_id')} END`,
  // Adding a tag that exists is an upsert that sets its name to itself: that must not rewrite
  // the JSON of every link carrying it.
  link_json_tag_rename: `AFTER UPDATE OF name ON tags WHEN NEW.name IS NOT OLD.name BEGIN ${refresh('SELECT link_id FROM link_tags WHERE tag_id = NEW.id')} END`,
  link_json_item_add: `AFTER INSERT ON issue_items BEGIN ${refresh('NEW.link_id')} END`,
  link_json_item_remove: `AFTER DELETE ON issue_items BEGIN ${refresh('OLD.link_id')} END`,
  link_json_item_move: `AFTER UPDATE OF link_id, issue_id ON issue_items BEGIN ${refresh('OLD.link_id, NEW.link_id')} END`,
  link_json_issue_renumber: `AFTER UPDATE OF number ON issues WHEN NEW.number IS NOT OLD.number BEGIN ${refresh('SELECT link_id FROM issue_items WHERE issue_id = NEW.id')} END`,
};

export async function up(db: Kysely<any>): Promise<void> {
  await view.execute(db);
  await sql`CREATE TABLE link_json (
    link_id INTEGER PRIMARY KEY REFERENCES links (id) ON DELETE CASCADE,
    json    TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`INSERT INTO link_json (link_id, json) SELECT id, json FROM link_api_json ORDER BY id`.execute(db);
  for (const [name, body] of Object.entries(triggers)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(triggers)) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  await sql`DROP TABLE link_json`.execute(db);
  await sql`DROP VIEW link_api_json`.execute(db);
}
