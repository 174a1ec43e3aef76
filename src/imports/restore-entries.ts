import { z } from '@hono/zod-openapi';
import { PageMetadataSchema } from '../enrichment/page-metadata.js';
import { IsoDate, MAX_ISSUE_NUMBER, MAX_ITEMS } from '../issues/issues.schemas.js';
import { cleanUrl, MAX_URL_LENGTH } from '../links/canonical-url.js';
import { ENRICHMENT_STATUSES, LINK_KINDS, LINK_SOURCES, LINK_STATUSES } from '../links/link-fields.js';
import { MAX_SECTIONS, NewsletterSchema } from '../newsletter/newsletter.schemas.js';
import { ModerationRulesSchema, ReasonListSchema } from '../submissions/moderation.js';
import { importedTagName, MAX_BLURB_LENGTH, MAX_RECORD_TAGS, MAX_TITLE_LENGTH, type ImportProblem, type Prepared, type RawRecord } from './import-record.js';

/**
 * The records of a linkletter export, checked before anything is written: the shapes
 * src/exports/export-formats.ts writes, with the bounds the API keeps. Text is taken as it is
 * (never trimmed or collapsed, unlike a bookmark's): it is the editors' own, and a restored
 * issue must render the same bytes.
 */

const str = (max: number) => z.string().max(max);
const nullable = (max: number) => str(max).nullable();
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, 'An ISO-8601 time in UTC.');
const kind = z.enum(LINK_KINDS).nullable();

const LinkEntry = z.object({
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  url: str(MAX_URL_LENGTH),
  canonicalKey: z.string().min(1).max(MAX_URL_LENGTH),
  title: nullable(MAX_TITLE_LENGTH),
  blurb: nullable(MAX_BLURB_LENGTH),
  credit: z.object({ name: str(200), url: nullable(MAX_URL_LENGTH) }).nullable(),
  kind,
  editorKind: kind.optional(),
  inferredKind: kind.optional(),
  section: nullable(100),
  tags: z.array(str(128)).max(MAX_RECORD_TAGS),
  status: z.enum(LINK_STATUSES),
  statusReason: z.object({ text: str(2000), public: z.boolean() }).nullable().optional(),
  source: z.enum(LINK_SOURCES),
  submitter: nullable(200),
  metadata: PageMetadataSchema.extend({ fetchedAt: instant.nullable().optional() }).nullable(),
  enrichment: z.object({ status: z.enum(ENRICHMENT_STATUSES), attempts: z.number().int().min(0).max(1000), error: nullable(500), fetchedAt: instant.nullable() }),
  possibleDuplicateOf: z.number().int().min(1).nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type RestoredLink = z.output<typeof LinkEntry> & { editorKind: z.output<typeof kind>; inferredKind: z.output<typeof kind> };

const IssueEntry = z.object({
  number: z.number().int().min(1).max(MAX_ISSUE_NUMBER),
  date: IsoDate,
  subject: z.string().min(1).max(300),
  note: nullable(10_000),
  quote: z.object({ text: str(2000), author: nullable(200), url: nullable(MAX_URL_LENGTH) }).nullable(),
  greeting: nullable(500),
  intro: nullable(5000),
  submissionCall: nullable(5000),
  signoff: nullable(5000),
  status: z.enum(['draft', 'published']),
  publishedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
  sections: z.array(z.object({ name: z.string().min(1).max(100), featured: z.boolean() })).max(MAX_SECTIONS),
  items: z
    .array(z.object({ canonicalKey: z.string().min(1).max(MAX_URL_LENGTH), section: z.string().max(100), title: nullable(300), blurb: nullable(4000), markdown: nullable(4000) }))
    .max(MAX_ITEMS),
  published: z.object({ markdown: z.string(), html: z.string(), fragment: z.string(), json: z.string() }).nullable(),
});
export type RestoredIssue = z.output<typeof IssueEntry>;

const SettingsEntry = z.object({ rules: ModerationRulesSchema, reasons: ReasonListSchema });
const TagEntry = z.object({ name: str(128) });

/** A record of an export, checked: what restore-batch.ts carries out. */
export type RestoreEntry =
  | { kind: 'header' }
  | { kind: 'newsletter'; settings: z.output<typeof NewsletterSchema> }
  | { kind: 'moderation'; settings: z.output<typeof SettingsEntry> }
  | { kind: 'tag'; name: string }
  | { kind: 'link' }
  | { kind: 'issue'; issue: RestoredIssue };

/** The first thing zod found wrong, as a problem's message. */
function why(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/**
 * Checks one record of an export. A link becomes a Candidate (for the merge that every import
 * makes) carrying everything it had; anything else becomes a RestoreEntry, or a problem.
 */
export function prepareEntry(raw: RawRecord): Prepared & { restore?: RestoreEntry } {
  const at = { record: raw.record, line: raw.line };
  const entry = raw.entry!;
  const refuse = (message: string, url?: string) => ({ candidate: null, problems: [{ ...at, message, ...(url ? { url: url.slice(0, 200) } : {}) }] });
  switch (entry.kind) {
    case 'header':
      return { candidate: null, problems: [], restore: { kind: 'header' } };
    case 'newsletter': {
      const parsed = NewsletterSchema.safeParse(entry.value);
      return parsed.success ? { candidate: null, problems: [], restore: { kind: 'newsletter', settings: parsed.data } } : refuse(`the newsletter's settings: ${why(parsed.error)}`);
    }
    case 'moderation': {
      const parsed = SettingsEntry.safeParse(entry.value);
      return parsed.success ? { candidate: null, problems: [], restore: { kind: 'moderation', settings: parsed.data } } : refuse(`the moderation settings: ${why(parsed.error)}`);
    }
    case 'tag': {
      const parsed = TagEntry.safeParse(entry.value);
      const name = parsed.success ? importedTagName(parsed.data.name) : null;
      return name === null ? refuse('a tag without a name a tag can have') : { candidate: null, problems: [], restore: { kind: 'tag', name } };
    }
    case 'issue': {
      const parsed = IssueEntry.safeParse(entry.value);
      if (!parsed.success) return refuse(`issue ${String((entry.value as { number?: unknown })?.number ?? '?').slice(0, 12)}: ${why(parsed.error)}`);
      if (parsed.data.status === 'published' && parsed.data.published === null) return refuse(`issue ${parsed.data.number} is published but holds no published renders`);
      return { candidate: null, problems: [], restore: { kind: 'issue', issue: parsed.data } };
    }
    case 'link':
      return prepareLink(raw, at);
  }
}

function prepareLink(raw: RawRecord, at: { record: number; line: number }): Prepared {
  const value = raw.entry!.value as { url?: unknown };
  const url = typeof value?.url === 'string' ? value.url : undefined;
  const parsed = LinkEntry.safeParse(raw.entry!.value);
  if (!parsed.success) return { candidate: null, problems: [{ ...at, message: `a link: ${why(parsed.error)}`, ...(url ? { url: url.slice(0, 200) } : {}) }] };
  const link = parsed.data;
  const cleaned = cleanUrl(link.url);
  if (!cleaned.ok) return { candidate: null, problems: [{ ...at, message: cleaned.problem.message, url: link.url.slice(0, 200) }] };
  const problems: ImportProblem[] = [];
  const tags = new Set<string>();
  for (const rawTag of link.tags) {
    const name = importedTagName(rawTag);
    if (name === null) problems.push({ ...at, message: `the tag "${rawTag.slice(0, 40)}" has nothing a tag can hold; it was left out`, url: link.url.slice(0, 200) });
    else tags.add(name);
  }
  // An export from before the two kinds were written: the kind shown is the editor's.
  const restored: RestoredLink = { ...link, editorKind: link.editorKind === undefined ? link.kind : link.editorKind, inferredKind: link.inferredKind ?? null };
  return {
    candidate: { ...at, url: link.url, canonicalKey: link.canonicalKey, title: link.title, blurb: link.blurb, tags: [...tags], createdAt: link.createdAt, restored },
    problems,
  };
}
