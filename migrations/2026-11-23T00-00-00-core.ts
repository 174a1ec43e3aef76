import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// STRICT tables; ISO-8601 UTC timestamps as TEXT; booleans as 0/1.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`.execute(db);
  // Key that signs list cursors, so a forged cursor is refused rather than trusted.
  await sql`INSERT INTO settings (key, value) VALUES ('cursor_key', ${randomBytes(32).toString('hex')})`.execute(db);

  await sql`CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'submitter')),
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
  ) STRICT`.execute(db);

  await sql`CREATE TABLE issues (
    id           INTEGER PRIMARY KEY,
    number       INTEGER NOT NULL UNIQUE CHECK (number > 0),
    date         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    note         TEXT,
    quote_text   TEXT,
    quote_author TEXT,
    quote_url    TEXT,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
  ) STRICT`.execute(db);

  await sql`CREATE TABLE links (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    url                 TEXT NOT NULL,
    canonical_key       TEXT NOT NULL UNIQUE,
    title               TEXT,
    blurb               TEXT,
    credit_name         TEXT,
    credit_url          TEXT,
    kind                TEXT CHECK (kind IN ('article', 'video', 'repo', 'podcast', 'paper', 'other')),
    section             TEXT,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'archived')),
    source              TEXT NOT NULL CHECK (source IN ('editor', 'submission', 'import')),
    submitter           TEXT,
    metadata            TEXT,
    enrichment_status   TEXT NOT NULL DEFAULT 'pending' CHECK (enrichment_status IN ('pending', 'done', 'failed')),
    enrichment_attempts INTEGER NOT NULL DEFAULT 0,
    enrichment_error    TEXT,
    fetched_at          TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
  ) STRICT`.execute(db);
  // Lists are ordered by id (insertion order, which is creation order); each filter
  // gets an index whose trailing column is id, so a filtered page is an index walk.
  await sql`CREATE INDEX links_status_id ON links (status, id)`.execute(db);
  await sql`CREATE INDEX links_section_id ON links (section, id)`.execute(db);
  await sql`CREATE INDEX links_kind_id ON links (kind, id)`.execute(db);
  await sql`CREATE INDEX links_source_id ON links (source, id)`.execute(db);
  await sql`CREATE INDEX links_enrichment_id ON links (enrichment_status, id)`.execute(db);

  await sql`CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  ) STRICT`.execute(db);

  await sql`CREATE TABLE link_tags (
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    PRIMARY KEY (tag_id, link_id)
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX link_tags_link ON link_tags (link_id, tag_id)`.execute(db);

  // Which issue a link is in: at most one (link_id is the key).
  await sql`CREATE TABLE issue_items (
    link_id   INTEGER PRIMARY KEY REFERENCES links (id) ON DELETE RESTRICT,
    issue_id  INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    section   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    title     TEXT,
    blurb     TEXT,
    markdown  TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX issue_items_issue ON issue_items (issue_id, link_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['issue_items', 'link_tags', 'tags', 'links', 'issues', 'tokens', 'settings']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
