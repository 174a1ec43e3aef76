import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // One job per link at most: re-enqueueing replaces the row (and its id, which is the
  // job's generation: a fetch that finishes after a newer job was queued is discarded).
  await sql`CREATE TABLE enrichment_jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    link_id      INTEGER NOT NULL UNIQUE REFERENCES links (id) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       TEXT NOT NULL,
    locked_until TEXT,
    created_at   TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX enrichment_jobs_run_at ON enrichment_jobs (run_at)`.execute(db);

  // The kind inferred from the page fills in when the editor gave none; `effective_kind`
  // is what the API shows and filters on.
  await sql`ALTER TABLE links ADD COLUMN inferred_kind TEXT CHECK (inferred_kind IN ('article', 'video', 'repo', 'podcast', 'paper', 'other'))`.execute(db);
  await sql`ALTER TABLE links ADD COLUMN effective_kind TEXT GENERATED ALWAYS AS (coalesce(kind, inferred_kind)) VIRTUAL`.execute(db);
  await sql`DROP INDEX links_kind_id`.execute(db);
  await sql`CREATE INDEX links_effective_kind_id ON links (effective_kind, id)`.execute(db);
  // Another link whose key matches this page's declared canonical URL.
  await sql`ALTER TABLE links ADD COLUMN possible_duplicate_of INTEGER REFERENCES links (id) ON DELETE SET NULL`.execute(db);

  // Links created before this migration get their first fetch.
  await sql`INSERT INTO enrichment_jobs (link_id, url, attempts, run_at, created_at)
    SELECT id, url, 0, created_at, created_at FROM links WHERE enrichment_status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX links_effective_kind_id`.execute(db);
  await sql`ALTER TABLE links DROP COLUMN possible_duplicate_of`.execute(db);
  await sql`ALTER TABLE links DROP COLUMN effective_kind`.execute(db);
  await sql`ALTER TABLE links DROP COLUMN inferred_kind`.execute(db);
  await sql`CREATE INDEX links_kind_id ON links (kind, id)`.execute(db);
  await sql`DROP TABLE enrichment_jobs`.execute(db);
}
