/**
 * An issue as HTML: a fragment (for feeds and pages) and a standalone page. Pure and
 * deterministic. Built from the structure, in the same order as the Markdown
 * (render-markdown.ts): heading, greeting, intro, rule, note, submission call, quote,
 * sections (`<h2>` + `<ul><li>`), signoff.
 *
 * Safety:
 * - Untrusted Text → whitespace/control runs collapsed to one space, trimmed, entity-escaped.
 * - Editor text → markdown-it with `html: false` (raw HTML is shown escaped), no linkify,
 *   links and images only for http/https/mailto. One-line things (subject, greeting, titles,
 *   blurbs, credit names, quote author, item Markdown) use `renderInline` with
 *   line breaks collapsed; blocks (intro, note, submissionCall, signoff, quote text) use `render`.
 *   Text that is itself placed inside an `<a>` (titles, credit names, the quote author) is
 *   rendered without links or images, so links never nest.
 * - Section names are plain text everywhere (a link's section can come from a submitter).
 * - `href` only for http/https URLs, attribute-escaped; other URLs render as text without a link.
 * Same open-case decisions as the Markdown renderer (blank blocks/blurbs/items/sections left
 * out, quote without author has no attribution, credit/author without URL has no link).
 */
import MarkdownIt from 'markdown-it';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import type { Credit, RenderIssue, RenderItem, RenderSection, Text } from './issue-model.js';
import { collapseNewlines, collapseWhitespace, escapeHtml, isHttpUrl, listItemBody, spansLines } from './escape.js';
import { linkItemText } from './item-text.js';

const SAFE_LINK = /^(?:https?:|mailto:)/i;

function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
  return md;
}

/** Editor Markdown: blocks and one-line text. */
const md = createMarkdown();

/** Editor Markdown that is placed inside a link: no links or images of its own. */
const mdNoLinks = createMarkdown();
mdNoLinks.disable(['link', 'image', 'autolink']);

function block(markdown: string | null | undefined): string {
  if (markdown === null || markdown === undefined) return '';
  const normalised = markdown.replace(/\r\n?/g, '\n').trim();
  return normalised === '' ? '' : md.render(normalised);
}

function inline(markdown: string, insideLink = false): string {
  const text = collapseNewlines(markdown);
  return text === '' ? '' : (insideLink ? mdNoLinks : md).renderInline(text);
}

function untrusted(value: string): string {
  return escapeHtml(collapseWhitespace(value));
}

function text(t: Text, insideLink = false): string {
  return t.trusted ? inline(t.value, insideLink) : untrusted(t.value);
}

function anchor(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}">${label}</a>`;
}

function creditHtml(credit: Credit | null): string {
  if (credit === null) return '';
  const linked = isHttpUrl(credit.url);
  const name = text(credit.name, linked);
  if (name === '') return '';
  return `— <small>${linked ? anchor(credit.url as string, name) : name}</small>`;
}

/**
 * An item ready to be written once the section knows whether its list is loose (CommonMark:
 * a list is loose when an item holds two blocks with a blank line between them; then every
 * item's paragraphs are `<p>`s).
 */
type ListItem = { loose: boolean; html: (loose: boolean) => string };

/** Stand-ins for the title and credit while markdown-it parses an item's Markdown. */
const TITLE_SLOT = '\uE000';
const CREDIT_SLOT = '\uE001';
const SLOTS = /[\uE000\uE001]/g;

/**
 * Editor Markdown of a whole item (`- ` + text) parsed as the `.md` carries it, so that
 * blocks inside the item (fenced code, a nested list, a second paragraph) come out as
 * CommonMark reads them. Returns null when it does not parse as exactly one list item.
 */
function parsedItem(itemText: string, slots: { title?: string; credit?: string } = {}): ListItem | null {
  const tokens = md.parse(`- ${itemText}`, {});
  const inner = tokens.slice(2, -2);
  const topItems = tokens.filter((t) => t.type === 'list_item_open' && t.level === 1).length;
  if (tokens[0]?.type !== 'bullet_list_open' || tokens.at(-1)?.type !== 'bullet_list_close' || topItems !== 1) return null;
  const paragraphs = inner.filter((t) => (t.type === 'paragraph_open' || t.type === 'paragraph_close') && t.level === 2);
  return {
    loose: paragraphs.some((t) => !t.hidden),
    html: (loose) => {
      for (const t of paragraphs) t.hidden = !loose;
      const body = md.renderer
        .render(inner, md.options, {})
        .trim()
        .replaceAll(TITLE_SLOT, slots.title ?? '')
        .replaceAll(CREDIT_SLOT, slots.credit ?? '');
      return `<li>${body}</li>`;
    },
  };
}

/** Content that is one paragraph, however loose its list. */
function oneParagraph(content: string): ListItem {
  return { loose: false, html: (loose) => (loose ? `<li><p>${content}</p></li>` : `<li>${content}</li>`) };
}

function itemHtml(item: RenderItem, featured: boolean): ListItem | null {
  if (item.type === 'markdown') {
    const body = listItemBody(item.markdown.replace(SLOTS, ''));
    return body === '' ? null : parsedItem(body) ?? oneParagraph(inline(item.markdown));
  }
  const linked = isHttpUrl(item.url);
  let title = linked ? text(item.title, true) : untrusted(item.title.value);
  if (title === '') title = untrusted(item.url);
  if (featured) title = `<strong>${title}</strong>`;
  const head = linked ? anchor(item.url, title) : title;
  const credit = creditHtml(item.credit);
  if (item.blurb !== null && item.blurb.trusted && spansLines(item.blurb.value)) {
    const itemText = linkItemText(TITLE_SLOT, item.blurb.value.replace(SLOTS, ''), credit === '' ? '' : CREDIT_SLOT);
    const parsed = parsedItem(itemText, { title: head, credit });
    if (parsed !== null) return parsed;
  }
  const blurb = item.blurb === null ? '' : text(item.blurb);
  return oneParagraph(`${head}${blurb === '' ? '' : ` - ${blurb}`}${credit === '' ? '' : ` ${credit}`}`);
}

function sectionHtml(section: RenderSection): string {
  const items = section.items.map((item) => itemHtml(item, section.featured)).filter((l): l is ListItem => l !== null);
  if (items.length === 0) return '';
  const loose = items.some((item) => item.loose);
  const cls = section.featured ? ' class="featured"' : '';
  // Section names are plain text: a link's section can come from a submitter.
  return `<section${cls}>\n<h2>${untrusted(section.name)}</h2>\n<ul>\n${items.map((item) => item.html(loose)).join('\n')}\n</ul>\n</section>\n`;
}

function quoteHtml(quote: RenderIssue['quote']): string {
  if (quote === null) return '';
  const body = block(quote.text);
  if (body === '') return '';
  let attribution = '';
  const author = quote.author === null ? '' : inline(quote.author, isHttpUrl(quote.url));
  if (author !== '') {
    const label = isHttpUrl(quote.url) ? anchor(quote.url, author) : author;
    attribution = `<p class="quote-author">— <small>${label}</small></p>\n`;
  }
  return `<p><strong>Quote of the day:</strong></p>\n<blockquote>\n${body}${attribution}</blockquote>\n`;
}

/** The issue's content as an HTML fragment (one `<article>`), ending with `\n`. */
export function renderIssueHtmlFragment(issue: RenderIssue, newsletter: NewsletterSettings): string {
  const subject = inline(issue.subject);
  const greeting = inline(newsletter.greeting);
  const parts = [
    subject === '' ? '' : `<h1>${subject}</h1>\n`,
    greeting === '' ? '' : `<p><strong>${greeting}</strong></p>\n`,
    block(newsletter.intro),
    '<hr>\n',
    block(issue.note),
    block(newsletter.submissionCall),
    quoteHtml(issue.quote),
    ...issue.sections.map(sectionHtml),
    block(newsletter.signoff),
  ];
  return `<article class="issue">\n${parts.join('')}</article>\n`;
}

const STYLE = `
body { margin: 0; background: #fdfdfc; color: #1f2328; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 42rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
header.masthead { color: #59636e; font-size: 0.9rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.5rem 0 1.5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #d1d9e0; padding-bottom: 0.2rem; }
ul { padding-left: 1.25rem; }
li { margin: 0.4rem 0; }
a { color: #0969da; }
hr { border: 0; border-top: 1px solid #d1d9e0; margin: 2rem 0; }
blockquote { margin: 1rem 0; padding: 0.25rem 1rem; border-left: 4px solid #d1d9e0; color: #424a53; }
code { font-size: 0.9em; background: #eff2f5; padding: 0.1em 0.3em; border-radius: 4px; }
pre { overflow-x: auto; background: #eff2f5; padding: 0.75rem; border-radius: 6px; }
pre code { background: none; padding: 0; }
img { max-width: 100%; height: auto; }
small { color: #59636e; }
`;

/** A complete, standalone, safe HTML page for the issue, ending with `\n`. */
export function renderIssueHtmlPage(issue: RenderIssue, newsletter: NewsletterSettings): string {
  const subject = collapseWhitespace(issue.subject);
  const name = collapseWhitespace(newsletter.name);
  const title = [subject, name].filter((s) => s !== '').join(' — ') || `Issue ${issue.number}`;
  const nameHtml = name === '' ? '' : isHttpUrl(newsletter.baseUrl) ? anchor(newsletter.baseUrl, escapeHtml(name)) : escapeHtml(name);
  const masthead = [nameHtml, `Issue ${issue.number}`, `<time datetime="${escapeHtml(issue.date)}">${escapeHtml(issue.date)}</time>`]
    .filter((s) => s !== '')
    .join(' · ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src http: https:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header class="masthead"><p>${masthead}</p></header>`,
    renderIssueHtmlFragment(issue, newsletter) + '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
