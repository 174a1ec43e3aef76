/**
 * The public archive page: a standalone HTML page listing the published issues (in the order
 * given, newest first by convention) with links to the feeds. Pure and deterministic.
 *
 * Safety: every string (title, intro, subjects, dates, URLs) is plain text here — characters
 * that XML/HTML forbid or discourage are removed and the rest is entity-escaped. An issue URL
 * with a scheme other than http/https (e.g. `javascript:`) is not linked; relative URLs are.
 */
import { escapeHtml } from '../issues/escape.js';
import { FEED_FORMATS, FEEDS, feedUrl, oneLine, stripInvalidXmlChars } from './render-feeds.js';
import type { FeedFormat } from './render-feeds.js';

export type ArchiveIssue = {
  number: number;
  subject: string;
  /** YYYY-MM-DD */
  date: string;
  /** The issue's public page (absolute, or relative to the archive page). */
  url: string;
};

export type ArchiveFeedLink = { format: FeedFormat; url: string };

export type ArchivePageInput = {
  /** The page's `<title>` and `<h1>` (e.g. the newsletter name). */
  title: string;
  /** Plain text; blank lines separate paragraphs. */
  intro?: string;
  issues: ArchiveIssue[];
  /**
   * Feeds to advertise: `<link rel="alternate">` in `<head>` and a "Subscribe" line, in the
   * order given. E.g. `FEED_FORMATS.map((format) => ({ format, url: channel.feedUrl(format) }))`.
   */
  feeds?: ArchiveFeedLink[];
  /**
   * Alternative to `feeds`: the newsletter's base URL, under which the three feeds are linked
   * (see `feedLinks`). Ignored when `feeds` is given.
   */
  baseUrl?: string;
  /** The site's navigation (home, archive, favicon); without it the page stands alone. */
  links?: SiteLinks | undefined;
};

/** The three feeds under a base URL (trailing slashes ignored), in the order RSS, Atom, JSON Feed. */
export function feedLinks(baseUrl: string): ArchiveFeedLink[] {
  return FEED_FORMATS.map((format) => ({ format, url: feedUrl(baseUrl, format) }));
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fff}',
  'ul.issues{list-style:none;padding:0}',
  'ul.issues li{margin:.4rem 0}',
  'ul.issues time{display:inline-block;min-width:7rem;color:#666;font-variant-numeric:tabular-nums}',
  'a{color:#0645ad}',
  'footer{margin-top:2rem;color:#666;font-size:.9rem}',
  'nav.site{margin-bottom:1.5rem;font-size:.95rem}',
  'nav.pager{display:flex;justify-content:space-between;gap:1rem;margin-top:2rem}',
  '.masthead{color:#666;font-size:.9rem}',
  'article.issue h1{font-size:1.8rem;line-height:1.25}',
  'blockquote{margin:1rem 0;padding:.25rem 1rem;border-left:4px solid #ddd;color:#444}',
  'pre{overflow-x:auto;background:#f3f3f3;padding:.75rem}',
  'img{max-width:100%;height:auto}',
].join('');

/** Plain text → escaped HTML text. */
function text(s: string): string {
  return escapeHtml(stripInvalidXmlChars(s));
}

/** Whether a URL may be an `href`: http(s), or no scheme at all (relative). Mirrors the URL parser's tab/newline stripping. */
function linkable(url: string): boolean {
  const probe = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  if (probe === '') return false;
  return !/^[a-z][a-z0-9+.-]*:/i.test(probe) || /^https?:/i.test(probe);
}

export function paragraphs(intro: string | undefined): string[] {
  if (intro === undefined) return [];
  return stripInvalidXmlChars(intro)
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p)}</p>`);
}

function issueItem(issue: ArchiveIssue): string {
  const subject = oneLine(issue.subject);
  const label = escapeHtml(subject === '' ? `#${issue.number}` : `#${issue.number} — ${subject}`);
  const date = text(oneLine(issue.date));
  const link = linkable(issue.url) ? `<a href="${text(issue.url)}">${label}</a>` : label;
  return `<li><time datetime="${date}">${date}</time> ${link}</li>`;
}

/** Where the site's own pages are, for the navigation every page carries. */
export type SiteLinks = {
  home: string;
  archive: string;
  favicon: string;
  /** The form readers send links with; the navigation links it when given. */
  submit?: string;
};

export type SitePageInput = {
  /** The page's `<title>`. */
  title: string;
  /** The newsletter's name, for the feeds' titles and the navigation. */
  name: string;
  feeds: ArchiveFeedLink[];
  /** Without it the page has no navigation bar (as the archive rendered on its own). */
  links?: SiteLinks | undefined;
  /** The page's content: trusted HTML, one string a line. */
  main: string[];
  /** `noindex` for pages that must not be indexed (a draft preview). */
  robots?: string | undefined;
  /** CSS only this page needs, after the site's (trusted). */
  style?: string | undefined;
};

/**
 * A standalone public page: feed autodiscovery and a favicon in `<head>`, a navigation bar
 * back to the home page and the archive, the content, and a footer with the feeds. Every
 * public page is one of these, so none is a dead end.
 */
export function renderSitePage(input: SitePageInput): string {
  const feeds = input.feeds.filter((f) => linkable(f.url));
  const name = oneLine(input.name);
  const links = input.links;
  const lines: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(input.robots ? [`<meta name="robots" content="${text(input.robots)}">`] : []),
    `<title>${escapeHtml(oneLine(input.title))}</title>`,
    ...(links && linkable(links.favicon) ? [`<link rel="icon" type="image/svg+xml" href="${text(links.favicon)}">`] : []),
    ...feeds.map(
      (f) =>
        `<link rel="alternate" type="${FEEDS[f.format].mediaType}" title="${escapeHtml(`${name} (${FEEDS[f.format].label})`)}" href="${text(f.url)}">`,
    ),
    `<style>${STYLE}${input.style ?? ''}</style>`,
    '</head>',
    '<body>',
  ];
  if (links) {
    const submit = links.submit !== undefined && linkable(links.submit) ? ` · <a href="${text(links.submit)}">Submit a link</a>` : '';
    lines.push(`<nav class="site" aria-label="Site"><a href="${text(links.home)}">${escapeHtml(name || 'Home')}</a> · <a href="${text(links.archive)}">Archive</a>${submit}</nav>`);
  }
  lines.push('<main>', ...input.main, '</main>');
  if (feeds.length > 0) {
    const feedAnchors = feeds.map((f) => `<a href="${text(f.url)}" type="${FEEDS[f.format].mediaType}">${FEEDS[f.format].label}</a>`);
    lines.push(`<footer>Subscribe: ${feedAnchors.join(' · ')}</footer>`);
  }
  lines.push('</body>', '</html>', '');
  return lines.join('\n');
}

/** A list of issues, newest first by convention (empty: a line saying so). */
export function issueList(issues: ArchiveIssue[]): string[] {
  if (issues.length === 0) return ['<p class="empty">No issues have been published yet.</p>'];
  return ['<ul class="issues">', ...issues.map(issueItem), '</ul>'];
}

export function renderArchivePage(input: ArchivePageInput): string {
  const title = oneLine(input.title);
  const requested = input.feeds ?? (input.baseUrl !== undefined ? feedLinks(input.baseUrl) : []);
  return renderSitePage({
    title,
    name: title,
    feeds: requested,
    links: input.links,
    main: [`<h1>${escapeHtml(title)}</h1>`, ...paragraphs(input.intro), ...issueList(input.issues)],
  });
}
