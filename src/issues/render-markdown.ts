/**
 * An issue as Markdown (DESIGN.md, "Rendering an issue as Markdown"). Pure and deterministic:
 * the same input renders to the same bytes. Blocks are separated by one blank line and the
 * text ends with exactly one `\n`.
 *
 * Decisions for the cases DESIGN.md leaves open:
 * - Blocks whose text is empty or blank (greeting, intro, note, submissionCall, signoff,
 *   subject) are left out, together with their blank line.
 * - Editor-written block Markdown (intro, note, submissionCall, signoff) is emitted as written,
 *   with line endings normalised to `\n`, leading blank lines and trailing whitespace removed.
 * - Quote: left out when its text is blank. Multi-line text → every line prefixed `> ` (a blank
 *   line → `>`). Without an author there is no `> — …` line and the last text line gets no
 *   two trailing spaces. An author without a URL (or with a non-http(s) URL) →
 *   `> — <small>Author</small>`.
 * - Credit without a URL (or with a non-http(s) URL) → ` — <small>Name</small>`. A credit whose
 *   name renders empty is left out.
 * - An item is one line, except that editor Markdown in an item's `markdown` or blurb keeps its
 *   line breaks: its further lines are indented two spaces (the list item's content column),
 *   so a fenced code block or a second paragraph stays inside the item (see item-text.ts).
 *   Line breaks in titles and credit names collapse to one space. Untrusted text is
 *   escaped (escapeMarkdownText): every ASCII punctuation character backslash-escaped,
 *   whitespace/control runs collapsed to one space, trimmed.
 * - A blank blurb is treated as no blurb. A title that renders empty falls back to the URL
 *   (as untrusted text).
 * - Only http/https URLs become links. An item whose URL has another scheme renders its title
 *   as plain text — escaped even when trusted — without a link (still bold in a featured
 *   section). URLs are otherwise emitted as stored (no normalisation, no trailing slash added);
 *   only characters that would break a link destination are encoded (see markdownLinkDestination).
 * - A Markdown item whose text is blank is left out; a section without rendered items is
 *   left out entirely, heading included.
 * - The subject and the greeting are editor text: line breaks collapsed, trimmed. Section names
 *   are plain text (escaped like untrusted text), since a link's section may come from a submitter.
 * - The front matter date is emitted as is when it is YYYY-MM-DD, else as a JSON (YAML) string.
 */
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import type { Credit, RenderIssue, RenderItem, RenderSection, Text } from './issue-model.js';
import { collapseNewlines, escapeMarkdownText, isHttpUrl, listItemBody, markdownLinkDestination } from './escape.js';
import { linkItemText } from './item-text.js';

/** Editor-written block Markdown: `\n` line endings, no leading blank lines, no trailing whitespace. */
function block(markdown: string | null | undefined): string | null {
  if (markdown === null || markdown === undefined) return null;
  const normalised = markdown
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  return normalised === '' ? null : normalised;
}

/** A Text on one line: untrusted → escaped; trusted → as written, line breaks collapsed. */
function inlineText(text: Text): string {
  return text.trusted ? collapseNewlines(text.value) : escapeMarkdownText(text.value);
}

function link(label: string, url: string): string {
  return `[${label}](${markdownLinkDestination(url)})`;
}

function credit(credit: Credit | null): string {
  if (credit === null) return '';
  const name = inlineText(credit.name);
  if (name === '') return '';
  return `— <small>${isHttpUrl(credit.url) ? link(name, credit.url) : name}</small>`;
}

/** One item as the issue's Markdown writes it (`- …`, further lines indented), or null when it renders to nothing. */
export function renderItemLine(item: RenderItem, featured: boolean): string | null {
  if (item.type === 'markdown') {
    const markdown = listItemBody(item.markdown);
    return markdown === '' ? null : `- ${markdown}`;
  }
  const linked = isHttpUrl(item.url);
  let title = linked ? inlineText(item.title) : escapeMarkdownText(item.title.value);
  if (title === '') title = escapeMarkdownText(item.url);
  if (featured) title = `**${title}**`;
  const blurb = item.blurb === null ? '' : item.blurb.trusted ? item.blurb.value : escapeMarkdownText(item.blurb.value);
  return `- ${linkItemText(linked ? link(title, item.url) : title, blurb, credit(item.credit))}`;
}

function sectionBlock(section: RenderSection): string | null {
  const lines = section.items.map((item) => renderItemLine(item, section.featured)).filter((l): l is string => l !== null);
  if (lines.length === 0) return null;
  // Section names are plain text: a link's section can come from a submitter.
  const name = escapeMarkdownText(section.name);
  return [name === '' ? '##' : `## ${name}`, ...lines].join('\n');
}

function quoteBlock(quote: RenderIssue['quote']): string | null {
  if (quote === null) return null;
  const text = block(quote.text);
  if (text === null) return null;
  const author = quote.author === null ? '' : collapseNewlines(quote.author);
  const lines = text.split('\n').map((l) => (l.trim() === '' ? '>' : `> ${l}`));
  if (author !== '') {
    const last = lines.length - 1;
    lines[last] = `${lines[last] ?? '>'}  `;
    lines.push(`> — <small>${isHttpUrl(quote.url) ? link(author, quote.url) : author}</small>`);
  }
  return `**Quote of the day:**\n\n${lines.join('\n')}`;
}

function frontMatter(date: string): string {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : JSON.stringify(date);
  return `---\ntitle: ${value}\n---`;
}

export function renderMarkdown(issue: RenderIssue, newsletter: NewsletterSettings): string {
  const subject = collapseNewlines(issue.subject);
  const greeting = collapseNewlines(newsletter.greeting);
  const blocks: (string | null)[] = [
    frontMatter(issue.date),
    subject === '' ? null : `# ${subject}`,
    greeting === '' ? null : `**${greeting}**`,
    block(newsletter.intro),
    '---',
    block(issue.note),
    block(newsletter.submissionCall),
    quoteBlock(issue.quote),
    ...issue.sections.map(sectionBlock),
    block(newsletter.signoff),
  ];
  return `${blocks.filter((b): b is string => b !== null).join('\n\n')}\n`;
}
