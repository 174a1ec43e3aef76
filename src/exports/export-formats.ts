import { issueFields } from '../issues/issue-json.js';
import { escapeHtml } from '../issues/escape.js';
import type { ExportReader } from './export-reader.js';
import {
  exportCounts,
  exportModeration,
  exportNewsletter,
  issueLayout,
  issuePage,
  linkJsonPage,
  linkRowPage,
  tagPage,
  type ExportCounts,
  type LinkRow,
} from './export.repository.js';

/**
 * The three things `GET /v1/export` and `cli -- export` write, each an async generator of
 * text: a page of links (LINK_PAGE) at a time, read when the consumer asks for more, so
 * what is held at once is one page whatever the database holds.
 */
export const EXPORT_FORMATS = ['json', 'netscape', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The version of the JSON dump's shape; a reader refuses one it does not know. */
export const EXPORT_VERSION = 1;

export type ExportOptions = {
  now: Date;
  /** Called after each page of links with how many are written and how many there are. */
  onLinks?: (done: number, total: number) => void;
};

export const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  json: { contentType: 'application/json', extension: 'json' },
  netscape: { contentType: 'text/html; charset=utf-8', extension: 'html' },
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
};

/** `linkletter-2026-12-03.json`: the day (UTC) the export was taken. */
export const exportFileName = (format: ExportFormat, now: Date) => `linkletter-${now.toISOString().slice(0, 10)}.${EXPORT_TYPES[format].extension}`;

export function exportText(format: ExportFormat, reader: ExportReader, options: ExportOptions): AsyncGenerator<string> {
  return format === 'json' ? jsonExport(reader, options) : format === 'netscape' ? netscapeExport(reader, options) : csvExport(reader, options);
}

/** Every link, a page at a time, in id order. */
async function* linkRows(reader: ExportReader, counts: ExportCounts, options: ExportOptions): AsyncGenerator<LinkRow[]> {
  let done = 0;
  for (let after = 0; ; ) {
    const rows = await linkRowPage(reader, after);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
    options.onLinks?.((done += rows.length), counts.links);
  }
}

/**
 * The complete dump, one element a line:
 * `{"linkletter": {version, exportedAt, counts}, "newsletter", "moderation", "tags", "links", "issues"}`,
 * in this order (a restore reads the links before the issues that hold them). See the README
 * ("Exporting") for what each holds and what it leaves out.
 */
async function* jsonExport(reader: ExportReader, options: ExportOptions): AsyncGenerator<string> {
  const counts = await exportCounts(reader);
  const header = { version: EXPORT_VERSION, exportedAt: options.now.toISOString(), counts };
  yield `{"linkletter":${JSON.stringify(header)},\n"newsletter":${JSON.stringify(await exportNewsletter(reader))},\n"moderation":${JSON.stringify(await exportModeration(reader))},\n"tags":[`;

  let first = true;
  const sep = () => (first ? ((first = false), '\n') : ',\n');
  for (let after = ''; ; ) {
    const tags = await tagPage(reader, after);
    if (tags.length === 0) break;
    yield tags.map((t) => sep() + JSON.stringify(t)).join('');
    after = tags.at(-1)!.name;
  }

  yield '\n],\n"links":[';
  first = true;
  let done = 0;
  for (let after = 0; ; ) {
    const rows = await linkJsonPage(reader, after);
    if (rows.length === 0) break;
    // The kept JSON as it is (its last character closes it), with the two kinds appended.
    yield rows.map((r) => `${sep()}${r.json.slice(0, -1)},"editorKind":${JSON.stringify(r.kind)},"inferredKind":${JSON.stringify(r.inferred_kind)}}`).join('');
    after = rows.at(-1)!.id;
    options.onLinks?.((done += rows.length), counts.links);
  }
  if (counts.links === 0) options.onLinks?.(0, 0);

  yield '\n],\n"issues":[';
  first = true;
  for (let after = 0; ; ) {
    const issues = await issuePage(reader, after);
    if (issues.length === 0) break;
    const parts: string[] = [];
    for (const row of issues) {
      const { sections, items } = await issueLayout(reader, row.id);
      const issue = {
        ...issueFields(row),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        sections: sections.map((s) => ({ name: s.name, featured: s.featured === 1 })),
        items: items.map((i) => ({ canonicalKey: i.canonical_key, url: i.url, section: i.section, title: i.title, blurb: i.blurb, markdown: i.markdown })),
        // What readers were served, frozen at publication (kept through a correction until it is republished).
        published:
          row.rendered_markdown === null
            ? null
            : { markdown: row.rendered_markdown, html: row.rendered_html, fragment: row.rendered_fragment, json: row.rendered_json },
      };
      parts.push(sep() + JSON.stringify(issue));
    }
    yield parts.join('');
    after = issues.at(-1)!.number;
  }
  yield '\n]}\n';
}

const seconds = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

/**
 * A Netscape bookmark file as browsers write it: one flat list, each link's tags in `TAGS`,
 * its dates in `ADD_DATE` and `LAST_MODIFIED` (seconds), its blurb in `<DD>`. The title is the
 * link's own, else the fetched page's, else empty (as a browser writes a bookmark without one,
 * and as an import reads it back: no title). Text and attributes are HTML-escaped.
 */
async function* netscapeExport(reader: ExportReader, options: ExportOptions): AsyncGenerator<string> {
  const counts = await exportCounts(reader);
  yield [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file.',
    '     It will be read and overwritten.',
    '     DO NOT EDIT! -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
    '',
  ].join('\n');
  for await (const rows of linkRows(reader, counts, options)) {
    yield rows
      .map((r) => {
        const title = (r.title ?? r.page_title ?? '').replace(/\s+/g, ' ').trim();
        const tags = r.tags ? ` TAGS="${escapeHtml(r.tags)}"` : '';
        const line = `    <DT><A HREF="${escapeHtml(r.url)}" ADD_DATE="${seconds(r.created_at)}" LAST_MODIFIED="${seconds(r.updated_at)}"${tags}>${escapeHtml(title)}</A>\n`;
        return r.blurb ? `${line}    <DD>${escapeHtml(r.blurb)}\n` : line;
      })
      .join('');
  }
  yield '</DL><p>\n';
}

/** The CSV's columns. `url`, `title`, `note`, `tags` and `created` are the names bookmark tools (and our own import) read. */
export const CSV_COLUMNS = [
  'id',
  'url',
  'title',
  'note',
  'tags',
  'created',
  'updated',
  'status',
  'source',
  'kind',
  'section',
  'issue',
  'credit_name',
  'credit_url',
  'submitter',
  'canonical_key',
  'page_title',
  'page_description',
  'site_name',
  'enrichment',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return) gets a leading `'`, so it shows as text (OWASP's advice on CSV injection).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** RFC 4180: a header row, then one link a row (CRLF), tags joined by commas. */
async function* csvExport(reader: ExportReader, options: ExportOptions): AsyncGenerator<string> {
  const counts = await exportCounts(reader);
  yield csvLine([...CSV_COLUMNS]);
  for await (const rows of linkRows(reader, counts, options)) {
    yield rows
      .map((r) =>
        csvLine([
          r.id,
          r.url,
          r.title,
          r.blurb,
          r.tags,
          r.created_at,
          r.updated_at,
          r.status,
          r.source,
          r.kind,
          r.section,
          r.issue,
          r.credit_name,
          r.credit_url,
          r.submitter,
          r.canonical_key,
          r.page_title,
          r.page_description,
          r.site_name,
          r.enrichment_status,
        ]),
      )
      .join('');
  }
}
