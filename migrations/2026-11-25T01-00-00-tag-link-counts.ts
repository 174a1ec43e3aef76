import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // How many links carry each tag, kept by triggers (foreign-key cascades fire them too), so
  // the tag list sorts by count without counting 2.5M rows at 1M links, and a listing that
  // ANDs several tags walks the rarest one.
  await sql`ALTER TABLE tags ADD COLUMN link_count INTEGER NOT NULL DEFAULT 0 CHECK (link_count >= 0)`.execute(db);
  await sql`UPDATE tags SET link_count = (SELECT count(*) FROM link_tags WHERE link_tags.tag_id = tags.id)`.execute(db);
  await sql`CREATE TRIGGER link_tags_count_insert AFTER INSERT ON link_tags BEGIN
    UPDATE tags SET link_count = link_count + 1 WHERE id = NEW.tag_id;
  END`.execute(db);
  await sql`CREATE TRIGGER link_tags_count_delete AFTER DELETE ON link_tags BEGIN
    UPDATE tags SET link_count = link_count - 1 WHERE id = OLD.tag_id;
  END`.execute(db);
  await sql`CREATE TRIGGER link_tags_count_update AFTER UPDATE OF tag_id ON link_tags BEGIN
    UPDATE tags SET link_count = link_count - 1 WHERE id = OLD.tag_id;
    UPDATE tags SET link_count = link_count + 1 WHERE id = NEW.tag_id;
  END`.execute(db);
  await sql`CREATE INDEX tags_link_count ON tags (link_count DESC, name)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX tags_link_count`.execute(db);
  await sql`DROP TRIGGER link_tags_count_update`.execute(db);
  await sql`DROP TRIGGER link_tags_count_delete`.execute(db);
  await sql`DROP TRIGGER link_tags_count_insert`.execute(db);
  await sql`ALTER TABLE tags DROP COLUMN link_count`.execute(db);
}
