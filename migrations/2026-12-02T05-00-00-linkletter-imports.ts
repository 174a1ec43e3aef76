import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

/**
 * Imports may be linkletter's own JSON export (a restore): `imports.format` gains
 * 'linkletter'. SQLite cannot change a CHECK in place, so the table is rebuilt (it holds a row
 * per uploaded file: small). Foreign keys are off while it is: `import_dry_links` refers to
 * `imports`, and dropping the old table with them on would delete a dry run's states.
 * Migrations run outside a transaction on SQLite, so the pragma takes effect.
 */
const columns = (formats: string) => sql.raw(`(
    id            INTEGER PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    format        TEXT NOT NULL CHECK (format IN (${formats})),
    -- JSON: { "status": "approved" | "pending", "dryRun": boolean, "restore"?: "exact" | "merge" }
    options       TEXT NOT NULL,
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
  ) STRICT`);

const BOOKMARKS = `'netscape', 'pinboard', 'raindrop', 'karakeep', 'linkding', 'urls'`;

async function rebuild(db: Kysely<any>, formats: string, keep: string): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await sql`CREATE TABLE imports_rebuilt ${columns(formats)}`.execute(db);
    await sql`INSERT INTO imports_rebuilt SELECT * FROM imports WHERE ${sql.raw(keep)}`.execute(db);
    await sql`DROP TABLE imports`.execute(db);
    await sql`ALTER TABLE imports_rebuilt RENAME TO imports`.execute(db);
    await sql`CREATE INDEX imports_unfinished ON imports (id) WHERE status IN ('queued', 'running')`.execute(db);
    await sql`DELETE FROM import_dry_links WHERE import_id NOT IN (SELECT id FROM imports)`.execute(db);
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, `${BOOKMARKS}, 'linkletter'`, '1');
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, BOOKMARKS, `format <> 'linkletter'`);
}
