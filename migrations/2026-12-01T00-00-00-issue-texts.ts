import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

const columns = ['greeting', 'intro', 'submission_call', 'signoff'];

export async function up(db: Kysely<any>): Promise<void> {
  // An issue may carry its own greeting, intro, submission call and signoff; NULL means
  // "the newsletter's". Existing issues keep NULL: they render as they did.
  for (const column of columns) await sql`ALTER TABLE issues ADD COLUMN ${sql.raw(column)} TEXT`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of columns) await sql`ALTER TABLE issues DROP COLUMN ${sql.raw(column)}`.execute(db);
}
