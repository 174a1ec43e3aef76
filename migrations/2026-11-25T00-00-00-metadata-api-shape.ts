import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Stored page metadata takes the API's shape (every key, in the API's order, without
  // fetchedAt), so reads copy it into responses instead of rebuilding it field by field.
  await sql`UPDATE links SET metadata = json_object(
      'title', metadata ->> '$.title',
      'description', metadata ->> '$.description',
      'siteName', metadata ->> '$.siteName',
      'image', iif(metadata ->> '$.image.url' IS NULL, NULL, json_object(
        'url', metadata ->> '$.image.url',
        'width', metadata ->> '$.image.width',
        'height', metadata ->> '$.image.height',
        'alt', metadata ->> '$.image.alt')),
      'favicon', metadata ->> '$.favicon',
      'author', metadata ->> '$.author',
      'publishedAt', metadata ->> '$.publishedAt',
      'canonicalUrl', metadata ->> '$.canonicalUrl')
    WHERE metadata IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  // The new shape is a superset of the old one: nothing to undo.
}
