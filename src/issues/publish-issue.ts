import type { Reader, Trx } from '../db/database.js';
import { ApiError } from '../http/problem.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { checkIssue, type CheckResult } from './check-issue.js';
import { issueFields, issueJson, quoteOf } from './issue-json.js';
import type { RenderIssue } from './issue-model.js';
import { publishedIssueOfLinks, publishedKeysBefore, storePublication, type IssueRow } from './issues.repository.js';
import { getResolvedSections } from './issue-items.repository.js';
import { renderIssueHtmlFragment, renderIssueHtmlPage } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { toRenderSections, type ResolvedSection } from './resolve-items.js';

/** An issue in every format it is served in. */
export type Rendered = { json: string; markdown: string; html: string; fragment: string };

function renderModel(row: IssueRow, sections: ResolvedSection[]): RenderIssue {
  return { ...issueFields(row), sections: toRenderSections(sections) };
}

/** A published issue answers with what was frozen at publication; a draft renders live. */
export async function renderIssue(db: Reader, row: IssueRow): Promise<Rendered> {
  if (row.status === 'published' && row.rendered_json && row.rendered_markdown && row.rendered_html && row.rendered_fragment) {
    return { json: row.rendered_json, markdown: row.rendered_markdown, html: row.rendered_html, fragment: row.rendered_fragment };
  }
  const sections = await getResolvedSections(db, row.id);
  const newsletter = await getNewsletter(db);
  const model = renderModel(row, sections);
  return {
    json: JSON.stringify(issueJson(row, sections)),
    markdown: renderMarkdown(model, newsletter),
    html: renderIssueHtmlPage(model, newsletter),
    fragment: renderIssueHtmlFragment(model, newsletter),
  };
}

/** The pre-publish check of an issue as it now stands. */
export async function runCheck(db: Reader, row: IssueRow): Promise<CheckResult> {
  const sections = await getResolvedSections(db, row.id);
  const targets = sections.flatMap((s) => s.items.map((i) => i.link.possibleDuplicateOf)).filter((id): id is number => id !== null);
  return checkIssue({
    note: row.note,
    quote: quoteOf(row),
    sections,
    publishedKeys: await publishedKeysBefore(db, row.number),
    publishedLinks: await publishedIssueOfLinks(db, targets),
  });
}

/**
 * Checks a draft and, when the check allows it, freezes it: the rendered formats are stored,
 * so later edits to its links or the settings never change what was published. Refused with
 * a 409 carrying the check otherwise. Returns the published JSON.
 */
export async function publishIssue(trx: Trx, row: IssueRow, options: { strict: boolean; now: Date }): Promise<string> {
  const check = await runCheck(trx, row);
  if (!check.ok || (options.strict && check.warnings.length > 0)) {
    const what = !check.ok ? `${check.errors.length} error(s)` : `${check.warnings.length} warning(s) (strict)`;
    throw new ApiError(409, 'check-failed', 'Check failed', `Issue ${row.number} was not published: the check found ${what}.`, { check });
  }
  const publishedAt = options.now.toISOString();
  const published: IssueRow = { ...row, status: 'published', published_at: publishedAt, updated_at: publishedAt, rendered_json: null };
  const rendered = await renderIssue(trx, published);
  await storePublication(trx, row.id, { publishedAt, ...rendered });
  return rendered.json;
}
