/**
 * A past issue brought in from its Markdown (POST /v1/issues/import, `cli import-issues`): read
 * by parse-markdown.ts, then stored so that it renders back to the very same bytes.
 *
 * - Every text is stored as the issue's own ('' where a block was left out), so the
 *   newsletter's settings, now or later, never show in it.
 * - Each item's page is found by canonical key: an existing link is reused when it is approved
 *   and in no issue (409 otherwise, naming the line), else an approved link is created
 *   (`source: editor`: its title, blurb and credit were written by the newsletter's editors for
 *   an issue, so they render as editor Markdown — unlike an imported bookmark's) with the
 *   line's title, blurb and credit, and its page is fetched like any new link's.
 * - An item that would render otherwise with its link as stored (a reused link's credit, a URL
 *   that cleaning changes, a line off the item pattern) keeps its line as its own Markdown.
 * - Published with its date (midnight UTC) as `publishedAt`, without the pre-publish check:
 *   it was published long ago. Or kept a draft.
 */
import type { Trx } from '../db/database.js';
import { enqueueFirstFetch } from '../enrichment/enrichment.repository.js';
import { Conflict, Invalid } from '../http/problem.js';
import { cleanUrl, type CleanUrl } from '../links/canonical-url.js';
import { findLinkByCanonicalKey, insertLink } from '../links/links.repository.js';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import { listItemBody } from './escape.js';
import { issueLocation } from './issue-access.js';
import { appendItems, findLinkStatus, getResolvedSections, updateItemOverrides, type NewItem } from './issue-items.repository.js';
import { findIssueRow, insertIssue } from './issues.repository.js';
import { decodeIssueFile, firstDifference, MarkdownFormatError, parseIssueMarkdown, type ParsedIssue, type ParsedItem } from './parse-markdown.js';
import { freezeIssue, renderIssueAs } from './publish-issue.js';
import { renderItemLine } from './render-markdown.js';
import { toRenderItem } from './resolve-items.js';

/** A problem with one line of the file: 422, naming it. */
export function lineProblem(line: number, message: string): Invalid {
  const problem = new Invalid(`Line ${line}: ${message}`, [{ path: `line ${line}`, message, code: 'markdown_format' }]);
  Object.assign(problem.extensions, { line });
  return problem;
}

function asProblem<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof MarkdownFormatError) throw lineProblem(err.line, err.expected);
    throw err;
  }
}

/**
 * The issue a file describes, with the file's text, or a 422 naming the first line that is
 * not UTF-8, not in the format, or names no page an item can be about.
 */
export function readIssueFile(bytes: ArrayBuffer, newsletter: Pick<NewsletterSettings, 'submissionCall' | 'signoff'>): { issue: ParsedIssue; markdown: string } {
  return asProblem(() => {
    const markdown = decodeIssueFile(bytes);
    const issue = parseIssueMarkdown(markdown, newsletter);
    pagesOf(issue);
    return { issue, markdown };
  });
}

export type Page = { item: ParsedItem; section: string; clean: CleanUrl };

/**
 * Each item's page, cleaned. A MarkdownFormatError for an item without an http(s) URL, with a
 * URL no link may have, or with the page of an earlier line.
 */
export function pagesOf(issue: ParsedIssue): Page[] {
  const seen = new Map<string, number>();
  return issue.sections.flatMap((section) =>
    section.items.map((item) => {
      const fail = (message: string) => new MarkdownFormatError(item.line, message);
      if (item.url === null) throw fail('expected an item with a link, “- [Title](https://…)”, or Markdown that names an http(s) URL: every item is about a page.');
      const cleaned = cleanUrl(item.url);
      if (!cleaned.ok) throw fail(`the item’s URL cannot be a link: ${cleaned.problem.message}`);
      const earlier = seen.get(cleaned.value.canonicalKey);
      if (earlier !== undefined) throw fail(`expected each page once; this is the page of line ${earlier}.`);
      seen.set(cleaned.value.canonicalKey, item.line);
      return { item, section: section.name, clean: cleaned.value };
    }),
  );
}

export type ImportOptions = {
  /** The issue's number; the next free one when left out. */
  number?: number | undefined;
  draft: boolean;
  now: Date;
  /** Who imports (the token's name), kept on the links it creates. */
  submitter: string | null;
};

export type ImportResult = { number: number; items: number; createdLinks: number };

/** The link of a page: an existing one that may join an issue, or a new approved one. */
async function linkFor(trx: Trx, page: Page, options: ImportOptions): Promise<{ item: NewItem; created: boolean }> {
  const { item, section, clean } = page;
  const existing = await findLinkByCanonicalKey(trx, clean.canonicalKey);
  if (existing) {
    const at = { line: item.line, linkId: existing.id };
    if (existing.issue !== null) {
      throw new Conflict(`Line ${item.line}: ${existing.url} is already in issue ${existing.issue} (link ${existing.id}); a page goes into one issue only.`, { ...at, issue: existing.issue }, {
        Location: issueLocation(existing.issue),
      });
    }
    const { status } = (await findLinkStatus(trx, existing.id))!;
    if (status !== 'approved') throw new Conflict(`Line ${item.line}: link ${existing.id} (${existing.url}) is ${status}; only approved links go into an issue.`, { ...at, linkStatus: status });
    // The link keeps its own texts; the item carries the line's.
    const own = item.link ? { title: item.link.title, blurb: item.link.blurb } : { markdown: item.markdown };
    return { item: { linkId: existing.id, section, ...own }, created: false };
  }
  const credit = item.link?.credit;
  const linkId = await insertLink(trx, {
    url: clean.url,
    canonicalKey: clean.canonicalKey,
    title: item.link?.title ?? undefined,
    blurb: item.link?.blurb ?? undefined,
    credit: credit ? { name: credit.name, url: credit.url ?? undefined } : undefined,
    section,
    status: 'approved',
    source: 'editor',
    submitter: options.submitter,
    tags: [],
    now: options.now,
  });
  await enqueueFirstFetch(trx, linkId, clean.url, options.now);
  return { item: { linkId, section, markdown: item.link ? null : item.markdown }, created: true };
}

/**
 * Stores a parsed issue (`markdown` is the file it was read from). 409 when `number` is taken or
 * an item's page is in another issue or not approved. Call inside a transaction.
 */
export async function importParsedIssue(trx: Trx, issue: ParsedIssue, markdown: string, options: ImportOptions): Promise<ImportResult> {
  if (options.number !== undefined && (await findIssueRow(trx, options.number))) {
    throw new Conflict(`Issue ${options.number} exists already.`, { issue: options.number }, { Location: issueLocation(options.number) });
  }
  const pages = asProblem(() => pagesOf(issue));
  const items: NewItem[] = [];
  let createdLinks = 0;
  for (const page of pages) {
    const { item, created } = await linkFor(trx, page, options);
    items.push(item);
    if (created) createdLinks++;
  }
  const fields = {
    date: issue.date,
    subject: issue.subject,
    note: issue.note,
    quote: issue.quote && { text: issue.quote.text, author: issue.quote.author ?? undefined, url: issue.quote.url ?? undefined },
    greeting: issue.greeting,
    intro: issue.intro,
    submissionCall: issue.submissionCall,
    signoff: issue.signoff,
  };
  const number = await insertIssue(trx, fields, issue.sections, options.now, options.number);
  const row = (await findIssueRow(trx, number))!;
  await appendItems(trx, row.id, items);

  const lineOf = new Map(items.map((item, i) => [item.linkId, pages[i]!.item]));
  let sections = await getResolvedSections(trx, row.id);
  let kept = 0;
  for (const section of sections) {
    for (const resolved of section.items) {
      const { markdown: own } = lineOf.get(resolved.linkId)!;
      if (renderItemLine(toRenderItem(resolved), section.featured) !== `- ${listItemBody(own)}`) {
        await updateItemOverrides(trx, resolved.linkId, { markdown: own });
        kept++;
      }
    }
  }
  if (kept > 0) sections = await getResolvedSections(trx, row.id);
  // What parse-markdown.ts checked for the file, checked again for the issue as stored.
  const difference = firstDifference(await renderIssueAs(trx, row, 'md'), markdown);
  if (difference) throw lineProblem(difference.line, difference.expected);
  if (!options.draft) await freezeIssue(trx, row, sections, { publishedAt: `${issue.date}T00:00:00.000Z`, now: options.now });
  return { number, items: items.length, createdLinks };
}
