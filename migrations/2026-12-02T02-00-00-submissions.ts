import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

/**
 * Public submissions, moderation and each link's history.
 *
 * - `submissions`: one row per time someone sent a link (a known URL sent again is one more
 *   row on the same link), with the submitter's note. The receipt is stored as its SHA-256.
 * - `submission_hits`: when each accepted submission arrived, per client and per submitter
 *   token: the rate limits count them (a sliding window), in the database so that every
 *   `WORKERS` process sees the same counts.
 * - `pow_used`: proof-of-work challenges already spent, until they expire.
 * - `links.status_reason` (+ `_public`): why an editor approved, rejected or archived it.
 * - `tokens.daily_quota`: submissions a submitter token may make a day (null = no quota).
 * - `link_events`: every event of a link, written by triggers so that no path can forget one.
 *   Who did it comes from `write_actor`, the one row each write transaction sets first.
 * - The link's API JSON gains `submissions` and `statusReason` (view re-created, refilled).
 */

const statusReason = `'statusReason', iif(l.status_reason IS NULL, NULL,
    json_object('text', l.status_reason, 'public', json(iif(l.status_reason_public, 'true', 'false')))),`;
const submissions = `'submissions', (SELECT iif(count(*) = 0, NULL, json_object(
      'count', count(*),
      'firstAt', min(s.created_at),
      'lastAt', max(s.created_at),
      'recent', (SELECT json_group_array(json_object('name', r.name, 'note', r.note, 'at', r.created_at)) FROM (
        SELECT name, note, created_at FROM submissions WHERE link_id = l.id ORDER BY id DESC LIMIT 5) r)))
    FROM submissions s WHERE s.link_id = l.id),`;

/** The view; without `moderation` it is the one migration 2026-11-25T02-00-00 made. */
const view = (moderation: boolean) => sql`CREATE VIEW link_api_json AS SELECT l.id, json_object(
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
  ${sql.raw(moderation ? statusReason : '')}
  'source', l.source,
  'submitter', l.submitter,
  ${sql.raw(moderation ? submissions : '')}
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

const refresh = (ids: string) =>
  `INSERT INTO link_json (link_id, json) SELECT v.id, v.json FROM link_api_json v WHERE v.id IN (${ids})
     ON CONFLICT (link_id) DO UPDATE SET json = excluded.json;`;

const actor = `(SELECT name FROM write_actor WHERE id = 1)`;
const at = `coalesce((SELECT at FROM write_actor WHERE id = 1), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const event = (linkId: string, type: string, detail: string) =>
  `INSERT INTO link_events (link_id, at, actor, type, detail) VALUES (${linkId}, ${at}, ${actor}, ${type}, ${detail});`;
const linkAlive = (id: string) => `EXISTS (SELECT 1 FROM links WHERE id = ${id})`;

/** An editor field that changed, as its API name, or NULL. */
const changed = (column: string, name: string) => `iif(NEW.${column} IS NOT OLD.${column}, '${name}', NULL)`;
const editedFields = `(SELECT json_group_array(f) FROM (SELECT value AS f FROM json_each(json_array(
  ${changed('url', 'url')}, ${changed('title', 'title')}, ${changed('blurb', 'blurb')}, ${changed('section', 'section')},
  ${changed('kind', 'kind')}, iif(NEW.credit_name IS NOT OLD.credit_name OR NEW.credit_url IS NOT OLD.credit_url, 'credit', NULL)))
  WHERE value IS NOT NULL))`;

const triggers: Record<string, string> = {
  link_json_submission_add: `AFTER INSERT ON submissions WHEN NEW.link_id IS NOT NULL BEGIN ${refresh('NEW.link_id')}
    ${event('NEW.link_id', `'submitted'`, `json_object('name', NEW.name, 'email', NEW.email, 'note', NEW.note, 'token', NEW.token_name)`)} END`,
  link_json_submission_remove: `AFTER DELETE ON submissions WHEN OLD.link_id IS NOT NULL BEGIN ${refresh('OLD.link_id')} END`,
  link_events_created: `AFTER INSERT ON links BEGIN
    ${event('NEW.id', `'created'`, `json_object('source', NEW.source, 'status', NEW.status)`)} END`,
  link_events_status: `AFTER UPDATE OF status ON links WHEN NEW.status IS NOT OLD.status BEGIN
    ${event('NEW.id', 'NEW.status', `json_object('from', OLD.status, 'reason', NEW.status_reason, 'public', json(iif(NEW.status_reason_public, 'true', 'false')))`)} END`,
  link_events_edited: `AFTER UPDATE OF url, title, blurb, section, kind, credit_name, credit_url ON links
    WHEN NEW.url IS NOT OLD.url OR NEW.title IS NOT OLD.title OR NEW.blurb IS NOT OLD.blurb OR NEW.section IS NOT OLD.section
      OR NEW.kind IS NOT OLD.kind OR NEW.credit_name IS NOT OLD.credit_name OR NEW.credit_url IS NOT OLD.credit_url BEGIN
    ${event('NEW.id', `'edited'`, `json_object('fields', json(${editedFields}))`)} END`,
  link_events_tagged: `AFTER INSERT ON link_tags BEGIN
    ${event('NEW.link_id', `'tagged'`, `json_object('tag', (SELECT name FROM tags WHERE id = NEW.tag_id))`)} END`,
  // A link being deleted takes its tags with it: no events for a link that is gone.
  link_events_untagged: `AFTER DELETE ON link_tags WHEN ${linkAlive('OLD.link_id')} BEGIN
    ${event('OLD.link_id', `'untagged'`, `json_object('tag', (SELECT name FROM tags WHERE id = OLD.tag_id))`)} END`,
  link_events_item_add: `AFTER INSERT ON issue_items BEGIN
    ${event('NEW.link_id', `'added_to_issue'`, `json_object('issue', (SELECT number FROM issues WHERE id = NEW.issue_id), 'section', NEW.section)`)} END`,
  link_events_item_remove: `AFTER DELETE ON issue_items WHEN ${linkAlive('OLD.link_id')} BEGIN
    ${event('OLD.link_id', `'removed_from_issue'`, `json_object('issue', (SELECT number FROM issues WHERE id = OLD.issue_id))`)} END`,
  link_events_published: `AFTER UPDATE OF status ON issues WHEN NEW.status = 'published' AND OLD.status IS NOT 'published' BEGIN
    INSERT INTO link_events (link_id, at, actor, type, detail)
      SELECT link_id, ${at}, ${actor}, 'published', json_object('issue', NEW.number) FROM issue_items WHERE issue_id = NEW.id; END`,
};

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    receipt_hash TEXT NOT NULL UNIQUE,
    link_id      INTEGER REFERENCES links (id) ON DELETE SET NULL,
    url          TEXT NOT NULL,
    name         TEXT,
    email        TEXT,
    note         TEXT,
    section      TEXT,
    token_name   TEXT,
    -- Kept out silently (a filled honeypot, a blocked domain): never a link, the receipt says pending.
    dropped      INTEGER NOT NULL DEFAULT 0 CHECK (dropped IN (0, 1)),
    created_at   TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX submissions_link ON submissions (link_id, id)`.execute(db);

  await sql`CREATE TABLE submission_hits (
    client TEXT NOT NULL,
    at     INTEGER NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX submission_hits_client_at ON submission_hits (client, at)`.execute(db);

  await sql`CREATE TABLE pow_used (
    nonce      TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO settings (key, value) VALUES ('pow_key', ${randomBytes(32).toString('hex')})`.execute(db);

  await sql`ALTER TABLE links ADD COLUMN status_reason TEXT`.execute(db);
  await sql`ALTER TABLE links ADD COLUMN status_reason_public INTEGER NOT NULL DEFAULT 0 CHECK (status_reason_public IN (0, 1))`.execute(db);
  await sql`ALTER TABLE tokens ADD COLUMN daily_quota INTEGER CHECK (daily_quota > 0)`.execute(db);

  await sql`CREATE TABLE write_actor (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT,
    at   TEXT
  ) STRICT`.execute(db);
  await sql`INSERT INTO write_actor (id, name, at) VALUES (1, NULL, NULL)`.execute(db);
  await sql`CREATE TABLE link_events (
    id      INTEGER PRIMARY KEY,
    link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    at      TEXT NOT NULL,
    actor   TEXT,
    type    TEXT NOT NULL,
    detail  TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX link_events_link ON link_events (link_id, id)`.execute(db);
  // Links that exist before this migration start their history with their creation.
  await sql`INSERT INTO link_events (link_id, at, actor, type, detail)
    SELECT id, created_at, submitter, 'created', json_object('source', source, 'status', status) FROM links ORDER BY id`.execute(db);

  await sql`DROP VIEW link_api_json`.execute(db);
  await view(true).execute(db);
  await sql`UPDATE link_json SET json = (SELECT v.json FROM link_api_json v WHERE v.id = link_json.link_id)`.execute(db);
  for (const [name, body] of Object.entries(triggers)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(triggers)) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  for (const table of ['link_events', 'write_actor', 'pow_used', 'submission_hits', 'submissions']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DELETE FROM settings WHERE key = 'pow_key'`.execute(db);
  await sql`DROP VIEW link_api_json`.execute(db);
  await view(false).execute(db);
  await sql`UPDATE link_json SET json = (SELECT v.json FROM link_api_json v WHERE v.id = link_json.link_id)`.execute(db);
  await sql`ALTER TABLE tokens DROP COLUMN daily_quota`.execute(db);
  await sql`ALTER TABLE links DROP COLUMN status_reason_public`.execute(db);
  await sql`ALTER TABLE links DROP COLUMN status_reason`.execute(db);
}
