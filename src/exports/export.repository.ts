import type { Selectable } from 'kysely';
import type { LinksTable } from '../db/schema.js';
import type { IssueRow } from '../issues/issues.repository.js';
import type { LinkKind } from '../links/link-fields.js';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import { DEFAULT_RULES, type ModerationRules, type ReasonList } from '../submissions/moderation.js';
import type { ExportReader } from './export-reader.js';

// The SQL of an export: every read is one page by key (id, name or number after the last one
// read), so each is a short walk down a primary key, whichever connection it runs on.

export const LINK_PAGE = 500;
const TAG_PAGE = 2_000;
const ISSUE_PAGE = 20;

export type ExportCounts = { links: number; tags: number; issues: number };

export async function exportCounts(reader: ExportReader): Promise<ExportCounts> {
  const [row] = await reader.all<ExportCounts>('SELECT (SELECT count(*) FROM links) AS links, (SELECT count(*) FROM tags) AS tags, (SELECT count(*) FROM issues) AS issues');
  return row!;
}

type NewsletterRow = { name: string; greeting: string; intro: string; submission_call: string; signoff: string; base_url: string; sections: string };

export async function exportNewsletter(reader: ExportReader): Promise<NewsletterSettings> {
  const [row] = await reader.all<NewsletterRow>('SELECT name, greeting, intro, submission_call, signoff, base_url, sections FROM newsletter WHERE id = 1');
  return {
    name: row!.name,
    greeting: row!.greeting,
    intro: row!.intro,
    submissionCall: row!.submission_call,
    signoff: row!.signoff,
    baseUrl: row!.base_url,
    sections: JSON.parse(row!.sections) as NewsletterSettings['sections'],
  };
}

export async function exportModeration(reader: ExportReader): Promise<{ rules: ModerationRules; reasons: ReasonList }> {
  const rows = await reader.all<{ key: string; value: string }>(`SELECT key, value FROM settings WHERE key IN ('moderation_rules', 'moderation_reasons')`);
  const value = <T>(key: string, fallback: T): T => {
    const row = rows.find((r) => r.key === key);
    return row ? (JSON.parse(row.value) as T) : fallback;
  };
  return { rules: value('moderation_rules', DEFAULT_RULES), reasons: value('moderation_reasons', { reasons: [] }) };
}

export type TagRow = { name: string; links: number };

export function tagPage(reader: ExportReader, after: string): Promise<TagRow[]> {
  return reader.all<TagRow>('SELECT name, link_count AS links FROM tags WHERE name > ? ORDER BY name LIMIT ?', [after, TAG_PAGE]);
}

/** A link's kept API JSON, and the two kinds its `kind` is made of (the JSON shows only the one that wins). */
export type LinkJsonRow = { id: number; json: string; kind: LinkKind | null; inferred_kind: LinkKind | null };

export function linkJsonPage(reader: ExportReader, afterId: number, limit = LINK_PAGE): Promise<LinkJsonRow[]> {
  return reader.all<LinkJsonRow>(
    `SELECT lj.link_id AS id, lj.json, l.kind, l.inferred_kind FROM link_json lj JOIN links l ON l.id = lj.link_id
     WHERE lj.link_id > ? ORDER BY lj.link_id LIMIT ?`,
    [afterId, limit],
  );
}

/** What a bookmark file or a spreadsheet holds of a link: flat columns, tags joined by commas. */
export type LinkRow = Pick<
  Selectable<LinksTable>,
  'id' | 'url' | 'canonical_key' | 'title' | 'blurb' | 'credit_name' | 'credit_url' | 'section' | 'status' | 'source' | 'submitter' | 'enrichment_status' | 'created_at' | 'updated_at'
> & {
  /** The effective kind (the editor's, else the inferred one). */
  kind: LinkKind | null;
  page_title: string | null;
  page_description: string | null;
  site_name: string | null;
  tags: string | null;
  issue: number | null;
};

export function linkRowPage(reader: ExportReader, afterId: number, limit = LINK_PAGE): Promise<LinkRow[]> {
  return reader.all<LinkRow>(
    `SELECT l.id, l.url, l.canonical_key, l.title, l.blurb, l.credit_name, l.credit_url, l.effective_kind AS kind, l.section,
       l.status, l.source, l.submitter, l.metadata ->> '$.title' AS page_title, l.metadata ->> '$.description' AS page_description,
       l.metadata ->> '$.siteName' AS site_name, l.enrichment_status, l.created_at, l.updated_at,
       (SELECT group_concat(name, ',') FROM (SELECT t.name FROM link_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.link_id = l.id ORDER BY t.name)) AS tags,
       (SELECT i.number FROM issue_items ii JOIN issues i ON i.id = ii.issue_id WHERE ii.link_id = l.id) AS issue
     FROM links l WHERE l.id > ? ORDER BY l.id LIMIT ?`,
    [afterId, limit],
  );
}

export function issuePage(reader: ExportReader, afterNumber: number): Promise<IssueRow[]> {
  return reader.all<IssueRow>('SELECT * FROM issues WHERE number > ? ORDER BY number LIMIT ?', [afterNumber, ISSUE_PAGE]);
}

export type SectionRow = { name: string; featured: 0 | 1 };
export type ItemRow = { canonical_key: string; url: string; section: string; position: number; title: string | null; blurb: string | null; markdown: string | null };

export async function issueLayout(reader: ExportReader, issueId: number): Promise<{ sections: SectionRow[]; items: ItemRow[] }> {
  const sections = await reader.all<SectionRow>('SELECT name, featured FROM issue_sections WHERE issue_id = ? ORDER BY position', [issueId]);
  // Items in their sections' order; an item whose section is not in the layout (kept, but not rendered) comes last.
  const items = await reader.all<ItemRow>(
    `SELECT l.canonical_key, l.url, ii.section, ii.position, ii.title, ii.blurb, ii.markdown
     FROM issue_items ii JOIN links l ON l.id = ii.link_id
     LEFT JOIN issue_sections s ON s.issue_id = ii.issue_id AND s.name = ii.section
     WHERE ii.issue_id = ? ORDER BY s.position IS NULL, s.position, ii.section, ii.position`,
    [issueId],
  );
  return { sections, items };
}
