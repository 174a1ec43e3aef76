/**
 * Reading one item of an issue's Markdown back (the inverse of renderItemLine). Pure.
 *
 * An item is read as the renderer's item pattern (`[title](url) - blurb — <small>credit</small>`)
 * only when rendering what was read gives back the very same text; otherwise it is kept as the
 * item's own Markdown, which always renders back as written. Titles, blurbs and credit names
 * are kept as written, escaping backslashes included: they come back as trusted (editor)
 * text, which the renderer emits as it is, so an escaped title renders to the same bytes.
 */
import { escapeMarkdownText, isHttpUrl, listItemBody, markdownLinkDestination } from './escape.js';
import type { RenderItem } from './issue-model.js';
import { renderItemLine } from './render-markdown.js';

export type ItemCredit = { name: string; url: string | null };

/** What an item line following the pattern says about its link. `title` null: the line shows the bare URL. */
export type ItemLink = { title: string | null; blurb: string | null; credit: ItemCredit | null };

export type ReadItem = {
  /** The item as its own Markdown: the text after `- `, further lines without their two-space indent. */
  markdown: string;
  /** The page the item is about: its link's URL as written, or the first http(s) URL in its Markdown; null if none. */
  url: string | null;
  /** The line read as the pattern in a featured section (bold title) and in any other; null where it does not fit. */
  featured: ItemLink | null;
  plain: ItemLink | null;
};

const ESCAPED = /\\([!-/:-@[-`{-~])/g;

/** Backslash escapes of ASCII punctuation removed: what Markdown shows for them. */
export function unescapeMarkdown(s: string): string {
  return s.replace(ESCAPED, '$1');
}

/** Further lines of a list item's content lose the two spaces of its content column. */
function unindent(text: string): string {
  return text
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith('  ') ? line.slice(2) : line))
    .join('\n');
}

/** `[label](destination)` at `start`: brackets and parentheses balanced, backslash escapes skipped. */
export function readLink(s: string, start = 0): { label: string; destination: string; end: number } | null {
  if (s[start] !== '[') return null;
  let i = start + 1;
  for (let depth = 0; ; i++) {
    const c = s[i];
    if (c === undefined || c === '\n') return null;
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && depth-- === 0) break;
  }
  if (s[i + 1] !== '(') return null;
  let j = i + 2;
  for (let depth = 0; ; j++) {
    const c = s[j];
    if (c === undefined || /\s/.test(c)) return null;
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) break;
  }
  return { label: s.slice(start + 1, i), destination: s.slice(i + 2, j), end: j + 1 };
}

/** The URL a link destination stands for, when it is http(s) and the renderer writes it back the same. */
export function destinationUrl(destination: string): string | null {
  const url = unescapeMarkdown(destination);
  return isHttpUrl(url) && markdownLinkDestination(url) === destination ? url : null;
}

/** `[name](url)` or `name`, as in a credit or a quote's author: the link reading first. */
export function namedLink(text: string): ItemCredit {
  const link = readLink(text);
  const url = link && link.end === text.length ? destinationUrl(link.destination) : null;
  return link && url !== null ? { name: link.label, url } : { name: text, url: null };
}

const URL_IN_MARKDOWN = /https?:\/\/[^\s<>()[\]"'`\\]+/i;

/** The page an item is about: its leading link's URL, or the first http(s) URL in its text. */
function pageUrl(markdown: string): string | null {
  const head = readLink(markdown);
  const fromHead = head && unescapeMarkdown(head.destination);
  if (fromHead && isHttpUrl(fromHead)) return fromHead;
  const bare = URL_IN_MARKDOWN.exec(markdown)?.[0];
  return bare ? bare.replace(/[.,;:!?*_~]+$/, '') : null;
}

/** The blurb part after the title's link: `` (none), ` - text`, or ` -` and the text on the next line. */
function blurbOf(part: string): string | null | undefined {
  if (part === '') return null;
  if (part.startsWith(' -\n  ')) return unindent(part.slice(5));
  if (part.startsWith(' - ')) return unindent(part.slice(3));
  return undefined;
}

/** Ways to split what follows the title into a blurb and a credit, the credit readings first. */
function* blurbsAndCredits(rest: string): Generator<{ blurb: string | null; credit: ItemCredit | null }> {
  if (rest.endsWith('</small>')) {
    const oneLine = !rest.includes('\n');
    const marker = oneLine ? ' — <small>' : '\n  — <small>';
    const at = rest.lastIndexOf(marker);
    if (at >= 0) {
      const blurb = blurbOf(rest.slice(0, at));
      const credit = namedLink(rest.slice(at + marker.length, -'</small>'.length));
      if (blurb !== undefined) yield { blurb, credit };
    }
  }
  const blurb = blurbOf(rest);
  if (blurb !== undefined) yield { blurb, credit: null };
}

/** A link item as the renderer takes it, its texts trusted (as written) and its URL as read. */
export function linkRenderItem(url: string, link: ItemLink): RenderItem {
  return {
    type: 'link',
    linkId: 0,
    title: link.title === null ? { value: url, trusted: false } : { value: link.title, trusted: true },
    url,
    blurb: link.blurb === null ? null : { value: link.blurb, trusted: true },
    credit: link.credit && { name: { value: link.credit.name, trusted: true }, url: link.credit.url },
  };
}

/** The item read as the pattern, in a featured section or not, if that renders back to `text`. */
function readPattern(text: string, featured: boolean): { url: string; link: ItemLink } | null {
  const head = readLink(text);
  if (!head) return null;
  const url = destinationUrl(head.destination);
  if (url === null) return null;
  let label = head.label;
  if (featured) {
    if (label.length < 4 || !label.startsWith('**') || !label.endsWith('**')) return null;
    label = label.slice(2, -2);
  }
  // A title the renderer fell back to (the escaped URL) is no title at all.
  const title = label === escapeMarkdownText(url) ? null : label;
  for (const { blurb, credit } of blurbsAndCredits(text.slice(head.end))) {
    const link = { title, blurb, credit };
    if (renderItemLine(linkRenderItem(url, link), featured) === `- ${text}`) return { url, link };
  }
  return null;
}

/**
 * Reads an item from `text`, what follows its `- ` with its further lines as they are in the
 * file. Null when not even its own Markdown would render back to it (the caller says where).
 */
export function readItem(text: string): ReadItem | null {
  const markdown = unindent(text);
  if (markdown.trim() === '' || listItemBody(markdown) !== text) return null;
  const featured = readPattern(text, true);
  const plain = readPattern(text, false);
  return { markdown, url: featured?.url ?? plain?.url ?? pageUrl(markdown), featured: featured?.link ?? null, plain: plain?.link ?? null };
}
