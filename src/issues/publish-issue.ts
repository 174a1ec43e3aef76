import type { Reader, Trx } from '../db/database.js';
import { ApiError } from '../http/problem.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { checkIssue, type CheckResult } from './check-issue.js';
import { effectiveSettings, issueFields, issueJson, quoteOf } from './issue-json.js';
import type { RenderIssue } from './issue-model.js';
import { publishedIssueOfLinks, publishedKeysBefore, storePublication, type IssueRow } from './issues.repository.js';
import { getResolvedSections } from './issue-items.repository.js';
import { deletePreview } from './previews.repository.js';
import { renderIssueHtmlFragment, renderIssueHtmlPage } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { toRenderSections, type ResolvedSection } from './resolve-items.js';

/** An issue in every format it is served in. */
export type Rendered = { json: string; markdown: string; html: string; fragment: string };

function renderModel(row: IssueRow, sections: ResolvedSection[]): RenderIssue {
  return { ...issueFields(row), sections: toRenderSections(sections) };
}

/** The texts the issue renders with: its own where it has them, the newsletter's elsewhere. */
async function settingsFor(db: Reader, row: IssueRow) {
  return effectiveSettings(await getNewsletter(db), row);
}

/** Every format an issue is served in, rendered now from its resolved sections (for publishing, which stores them all). */
async function renderAllFormats(db: Reader, row: IssueRow, sections: ResolvedSection[]): Promise<Rendered> {
  const newsletter = await settingsFor(db, row);
  const model = renderModel(row, sections);
  return {
    json: JSON.stringify(issueJson(row, sections)),
    markdown: renderMarkdown(model, newsletter),
    html: renderIssueHtmlPage(model, newsletter),
    fragment: renderIssueHtmlFragment(model, newsletter),
  };
}

export type Format = 'json' | 'md' | 'html';

/**
 * One format of an issue: a published issue answers with what was frozen at publication; a
 * draft renders live, only the format asked for (a 1,000-item preview costs a few ms per
 * format, so rendering all four for one would be most of the request).
 */
export async function renderIssueAs(db: Reader, row: IssueRow, format: Format): Promise<string> {
  if (row.status === 'published') {
    const frozen = format === 'json' ? row.rendered_json : format === 'md' ? row.rendered_markdown : row.rendered_html;
    if (frozen) return frozen;
  }
  const sections = await getResolvedSections(db, row.id);
  if (format === 'json') return JSON.stringify(issueJson(row, sections));
  const newsletter = await settingsFor(db, row);
  const model = renderModel(row, sections);
  return format === 'md' ? renderMarkdown(model, newsletter) : renderIssueHtmlPage(model, newsletter);
}

/** A draft's content as an HTML fragment, as it would be published now (for its preview page). */
export async function renderDraftFragment(db: Reader, row: IssueRow): Promise<string> {
  const sections = await getResolvedSections(db, row.id);
  return renderIssueHtmlFragment(renderModel(row, sections), await settingsFor(db, row));
}

async function checkSections(db: Reader, row: IssueRow, sections: ResolvedSection[]): Promise<CheckResult> {
  const targets = sections.flatMap((s) => s.items.map((i) => i.link.possibleDuplicateOf)).filter((id): id is number => id !== null);
  return checkIssue({
    note: row.note,
    quote: quoteOf(row),
    sections,
    publishedKeys: await publishedKeysBefore(db, row.number),
    publishedLinks: await publishedIssueOfLinks(db, targets),
  });
}

/** The pre-publish check of an issue as it now stands. */
export async function runCheck(db: Reader, row: IssueRow): Promise<CheckResult> {
  return checkSections(db, row, await getResolvedSections(db, row.id));
}

/**
 * Checks a draft and, when the check allows it, freezes it: the rendered formats are stored,
 * so later edits to its links or the settings never change what was published. Refused with
 * a 409 carrying the check otherwise. Returns the published JSON.
 */
export async function publishIssue(trx: Trx, row: IssueRow, options: { strict: boolean; now: Date }): Promise<string> {
  // Read once: the check and the renders look at the same items, in the same transaction.
  const sections = await getResolvedSections(trx, row.id);
  const check = await checkSections(trx, row, sections);
  if (!check.ok || (options.strict && check.warnings.length > 0)) {
    const what = !check.ok ? `${check.errors.length} error(s)` : `${check.warnings.length} warning(s) (strict)`;
    throw new ApiError(409, 'check-failed', 'Check failed', `Issue ${row.number} was not published: the check found ${what}.`, { check });
  }
  // A correction keeps the first publication's time: its place in the archive and the feeds.
  return freezeIssue(trx, row, sections, { publishedAt: row.published_at ?? options.now.toISOString(), now: options.now });
}

/**
 * Publishes without a check (an issue imported from the archive was published long ago):
 * every format rendered from `sections` and stored. Returns the published JSON.
 */
export async function freezeIssue(trx: Trx, row: IssueRow, sections: ResolvedSection[], at: { publishedAt: string; now: Date }): Promise<string> {
  const now = at.now.toISOString();
  const published: IssueRow = { ...row, status: 'published', published_at: at.publishedAt, updated_at: now };
  const rendered = await renderAllFormats(trx, published, sections);
  await storePublication(trx, row.id, { publishedAt: at.publishedAt, now, ...rendered });
  // Once published, the issue is public: its preview link has done its job.
  await deletePreview(trx, row.id);
  return rendered.json;
}
