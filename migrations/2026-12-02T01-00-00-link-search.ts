import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

/**
 * Full-text search over links (issue 14).
 *
 * `link_search_source` is the one definition of what is searched, a view like link_api_json:
 * per link, the text of each column of the index. Three FTS5 tables are kept from it, keyed by
 * the link's id (rowid):
 *
 * - `link_search`: every link, contentless (the text stays in links; the index holds only
 *   what a query needs); words with positions (phrases), a prefix index for two- and
 *   three-letter prefixes. `keys` holds one token per tag and per domain suffix of the host
 *   (`0t<tag>`, `0w<host>`, written so that no two names give one token: `0`→`00`, `.`→`0d`,
 *   `-`→`0h`, `_`→`0u`, `+`→`0p`, `#`→`0s`), so `tag:` and `site:` are index lookups that
 *   FTS5 intersects with the words.
 * - `link_search_recent`: the same columns, for the newest 50,000 links only (from
 *   `link_search_state.recent_from` up; `recent_size` is the 50,000). bm25 counts every
 *   match of each phrase in the table it ranks in, so ranking a common word in the whole
 *   index costs a pass over ~100k entries at 1M links; here it is ~5k. Its oldest link leaves
 *   it as each new one comes, so it keeps its own copy of the text (~15 MB): a delete from a
 *   contentless table leaves a tombstone in the segment, and the table's oldest segment,
 *   merged least often, filled with them (queries 2-3x slower after a few thousand links).
 * - `link_search_infix`: trigrams of the titles and the URL (as its canonical key: no
 *   scheme, no `www.`, so no trigram every link has), for fragments inside words (`6050` in
 *   `MPU6050`); contentless, rowids only (detail=none), each fragment is checked against the
 *   text.
 *
 * Triggers do not write the index: they queue the link's id in `link_search_queue`, and the
 * application indexes each queued link once, just before its write transaction commits
 * (src/links/search/search-index.repository.ts). A new link with three tags would otherwise be
 * indexed four times (FTS5 cannot update one column, and deleting a row indexed in the same
 * transaction makes it write out its pending data), which measured 4× the cost of a single
 * insert. The queue is a table, so a write that skips the application (a script, the CLI's
 * SQL) is indexed by the next transaction that commits.
 *
 * `notes` is empty: submitters' notes (issue 13) come with their table; that migration
 * re-creates the view with them, queues the links that have notes, and adds its triggers.
 */

const host = `substr(l.canonical_key, 1, min(instr(l.canonical_key || '/', '/'), instr(l.canonical_key || '?', '?'), instr(l.canonical_key || ':', ':')) - 1)`;
const encode = (x: string) =>
  `replace(replace(replace(replace(replace(replace(${x}, '0', '00'), '.', '0d'), '-', '0h'), '_', '0u'), '+', '0p'), '#', '0s')`;
/** The host's labels as a JSON array (NULL for a host JSON cannot carry, which no domain is). */
const labels = `'["' || replace(l.host, '.', '","') || '"]'`;

const view = `CREATE VIEW link_search_source AS SELECT l.id,
  concat_ws(' ', l.title, l.metadata ->> '$.title') AS title,
  concat_ws(' ', l.blurb, l.metadata ->> '$.description') AS description,
  NULL AS notes,
  (SELECT group_concat(t.name, ' ' ORDER BY t.name) FROM link_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.link_id = l.id) AS tags,
  concat_ws(' ', l.credit_name, l.submitter) AS people,
  concat_ws(' ', l.host, l.metadata ->> '$.siteName') AS site,
  l.url AS url,
  concat_ws(' ',
    (SELECT group_concat('0t' || ${encode('t.name')}, ' ') FROM link_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.link_id = l.id),
    iif(json_valid(${labels}), (SELECT group_concat('0w' || ${encode(`(SELECT group_concat(b.value, '.' ORDER BY b.key) FROM json_each(${labels}) b WHERE b.key >= a.key)`)}, ' ')
      FROM json_each(${labels}) a), NULL)) AS keys,
  concat_ws(' ', l.title, nullif(l.metadata ->> '$.title', l.title), l.canonical_key) AS infix
FROM (SELECT l.*, ${host} AS host FROM links l) l`;

const columns = 'title, description, notes, tags, people, site, url, keys';
const words = `tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'`;
const contentless = `content = '', contentless_delete = 1`;

const queue = (ids: string) => `INSERT OR IGNORE INTO link_search_queue (link_id) ${ids};`;
const searchedColumns = ['url', 'canonical_key', 'title', 'blurb', 'credit_name', 'submitter', 'metadata'];

const triggers: Record<string, string> = {
  link_search_link_insert: `AFTER INSERT ON links BEGIN ${queue('VALUES (NEW.id)')} END`,
  link_search_link_update: `AFTER UPDATE OF ${searchedColumns.join(', ')} ON links
    WHEN ${searchedColumns.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')} BEGIN ${queue('VALUES (NEW.id)')} END`,
  link_search_link_delete: `AFTER DELETE ON links BEGIN ${queue('VALUES (OLD.id)')} END`,
  link_search_tag_add: `AFTER INSERT ON link_tags BEGIN ${queue('VALUES (NEW.link_id)')} END`,
  link_search_tag_remove: `AFTER DELETE ON link_tags BEGIN ${queue('VALUES (OLD.link_id)')} END`,
  link_search_tag_move: `AFTER UPDATE ON link_tags BEGIN ${queue('VALUES (OLD.link_id), (NEW.link_id)')} END`,
  // ensureTags upserts a tag by setting its name to itself: that is no rename.
  link_search_tag_rename: `AFTER UPDATE OF name ON tags WHEN NEW.name IS NOT OLD.name BEGIN ${queue('SELECT link_id FROM link_tags WHERE tag_id = NEW.id')} END`,
};

const RECENT = 50_000;
/** Links indexed per statement while existing rows are indexed: bounds memory and the WAL. */
const BATCH = 20_000;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(view).execute(db);
  await sql.raw(`CREATE VIRTUAL TABLE link_search USING fts5(${columns}, ${words}, ${contentless})`).execute(db);
  await sql.raw(`CREATE VIRTUAL TABLE link_search_recent USING fts5(${columns}, ${words})`).execute(db);
  await sql.raw(`CREATE VIRTUAL TABLE link_search_infix USING fts5(text, tokenize = 'trigram', detail = none, ${contentless})`).execute(db);
  await sql`CREATE TABLE link_search_queue (link_id INTEGER PRIMARY KEY) STRICT`.execute(db);
  // recent_from: link_search_recent holds every link from this id up; it moves up as links are
  // added so that it holds the newest recent_size.
  await sql`CREATE TABLE link_search_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    recent_from INTEGER NOT NULL,
    recent_size INTEGER NOT NULL CHECK (recent_size > 0)
  ) STRICT`.execute(db);

  const last = Number((await sql<{ id: number | null }>`SELECT max(id) AS id FROM links`.execute(db)).rows[0]?.id ?? 0);
  const recentFrom = Math.max(1, last - RECENT + 1);
  await sql`INSERT INTO link_search_state (id, recent_from, recent_size) VALUES (1, ${recentFrom}, ${RECENT})`.execute(db);

  // Existing links, a batch of ids per statement (each its own commit: the migrator runs
  // SQLite migrations outside a transaction).
  const fill = (table: string, from: number, to: number) =>
    sql.raw(`INSERT INTO ${table} (rowid, ${table === 'link_search_infix' ? 'text' : columns})
      SELECT id, ${table === 'link_search_infix' ? 'infix' : columns} FROM link_search_source WHERE id >= ${from} AND id < ${to} ORDER BY id`).execute(db);
  for (let from = 1; from <= last; from += BATCH) {
    await fill('link_search', from, from + BATCH);
    await fill('link_search_infix', from, from + BATCH);
    if (from + BATCH > recentFrom) await fill('link_search_recent', Math.max(from, recentFrom), from + BATCH);
  }
  // One segment per index after the bulk load, as if it had been built in one go.
  for (const table of ['link_search', 'link_search_recent', 'link_search_infix']) {
    await sql.raw(`INSERT INTO ${table} (${table}) VALUES ('optimize')`).execute(db);
  }
  for (const [name, body] of Object.entries(triggers)) await sql.raw(`CREATE TRIGGER ${name} ${body}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(triggers)) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  for (const table of ['link_search_state', 'link_search_queue', 'link_search_infix', 'link_search_recent', 'link_search']) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
  await sql`DROP VIEW link_search_source`.execute(db);
}
