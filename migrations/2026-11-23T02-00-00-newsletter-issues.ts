import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // The settings of the one newsletter this server hosts: a single row.
  await sql`CREATE TABLE newsletter (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    greeting        TEXT NOT NULL,
    intro           TEXT NOT NULL,
    submission_call TEXT NOT NULL,
    signoff         TEXT NOT NULL,
    base_url        TEXT NOT NULL,
    sections        TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  ) STRICT`.execute(db);
  const sections = JSON.stringify([
    { name: 'Highlights', featured: true },
    { name: 'Links', featured: false },
  ]);
  await sql`INSERT INTO newsletter (id, name, greeting, intro, submission_call, signoff, base_url, sections, updated_at)
    VALUES (1, 'linkletter', 'Hello friends,', 'Here is what caught our eye this week.',
            'Found something worth sharing? Send it our way.', 'Thanks for reading!',
            'http://127.0.0.1:8787', ${sections}, ${new Date().toISOString()})`.execute(db);

  // An issue's ordered sections; items name their section.
  await sql`CREATE TABLE issue_sections (
    issue_id INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    featured INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    PRIMARY KEY (issue_id, position),
    UNIQUE (issue_id, name)
  ) STRICT`.execute(db);

  // What was published, frozen: later edits to links never change a published issue.
  for (const column of ['rendered_markdown', 'rendered_html', 'rendered_fragment', 'rendered_json']) {
    await sql`ALTER TABLE issues ADD COLUMN ${sql.raw(column)} TEXT`.execute(db);
  }
  await sql`CREATE INDEX issues_status_number ON issues (status, number)`.execute(db);
  await sql`CREATE INDEX issue_items_order ON issue_items (issue_id, section, position)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX issue_items_order`.execute(db);
  await sql`DROP INDEX issues_status_number`.execute(db);
  for (const column of ['rendered_markdown', 'rendered_html', 'rendered_fragment', 'rendered_json']) {
    await sql`ALTER TABLE issues DROP COLUMN ${sql.raw(column)}`.execute(db);
  }
  await sql`DROP TABLE issue_sections`.execute(db);
  await sql`DROP TABLE newsletter`.execute(db);
}
