import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

/**
 * Bookmark imports (POST /v1/imports), run by a background runner that survives restarts.
 *
 * - `imports`: one row per uploaded file. The file itself waits in the imports folder beside
 *   the database (`file` is its name there) until the import is over. `processed` is how many
 *   of the file's records are done; it is written in the same transaction as the links those
 *   records made, so after a crash the runner goes on from exactly there. `claim` and
 *   `locked_until` say which process runs it (a lease, renewed with every batch), so a server
 *   and the CLI never run one import twice. `problems` keeps the first 100, as JSON.
 * - `import_dry_links`: what a dry run would have made of each page it met, so that a later
 *   record of the same page is counted as the real import would count it; emptied when the
 *   dry run ends.
 * - `enrichment_jobs.priority`: 1 for links added one by one, 0 for imported ones; jobs are
 *   taken highest priority first, so a link added by hand during a big import is fetched
 *   before the import's thousands. The due-jobs index leads with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    format        TEXT NOT NULL CHECK (format IN ('netscape', 'pinboard', 'raindrop', 'karakeep', 'linkding', 'urls')),
    -- JSON: { "status": "approved" | "pending", "dryRun": boolean }
    options       TEXT NOT NULL,
    -- The token that uploaded it: the actor of the links' history.
    created_by    TEXT,
    file          TEXT,
    bytes         INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    processed     INTEGER NOT NULL DEFAULT 0,
    created       INTEGER NOT NULL DEFAULT 0,
    merged        INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    invalid       INTEGER NOT NULL DEFAULT 0,
    problems      TEXT NOT NULL DEFAULT '[]',
    problem_count INTEGER NOT NULL DEFAULT 0,
    error         TEXT,
    claim         TEXT,
    locked_until  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    finished_at   TEXT
  ) STRICT`.execute(db);
  // What the runner looks for: the few imports not yet over.
  await sql`CREATE INDEX imports_unfinished ON imports (id) WHERE status IN ('queued', 'running')`.execute(db);

  await sql`CREATE TABLE import_dry_links (
    import_id     INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    canonical_key TEXT NOT NULL,
    has_title     INTEGER NOT NULL CHECK (has_title IN (0, 1)),
    has_blurb     INTEGER NOT NULL CHECK (has_blurb IN (0, 1)),
    fillable      INTEGER NOT NULL CHECK (fillable IN (0, 1)),
    -- JSON array of tag names
    tags          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (import_id, canonical_key)
  ) STRICT, WITHOUT ROWID`.execute(db);

  await sql`ALTER TABLE enrichment_jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 1 CHECK (priority IN (0, 1))`.execute(db);
  await sql`DROP INDEX enrichment_jobs_run_at`.execute(db);
  await sql`CREATE INDEX enrichment_jobs_due ON enrichment_jobs (priority DESC, run_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX enrichment_jobs_due`.execute(db);
  await sql`ALTER TABLE enrichment_jobs DROP COLUMN priority`.execute(db);
  await sql`CREATE INDEX enrichment_jobs_run_at ON enrichment_jobs (run_at)`.execute(db);
  await sql`DROP TABLE import_dry_links`.execute(db);
  await sql`DROP TABLE imports`.execute(db);
}
