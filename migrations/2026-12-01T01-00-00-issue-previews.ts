import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A draft's preview link: an unguessable token (stored as its SHA-256 only) that shows the
  // draft to whoever holds it, until it expires, is revoked, or the issue is published.
  // One per issue: asking again replaces it.
  await sql`CREATE TABLE issue_previews (
    issue_id   INTEGER PRIMARY KEY REFERENCES issues (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE issue_previews`.execute(db);
}
