/**
 * Feeds of the published issues: RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1. Pure and
 * deterministic: everything (URLs, timestamps) is passed in; the same input renders to the
 * same bytes. Entries are rendered in the order given (newest first, by convention).
 *
 * Safety:
 * - Every text node and attribute value is entity-escaped (`& < > " '`); CDATA is never used.
 * - Characters that XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF, lone
 *   surrogates) and the discouraged C1 controls (U+007F–U+009F) are removed from every string
 *   first, in all three formats, so hostile text can never make a feed unparseable and every
 *   format carries the same text.
 * - Titles (channel title, subjects) are one line: whitespace runs collapse to one space.
 * - Entry HTML is trusted (already safe); it is carried escaped as text
 *   (`<description>`/`<content:encoded>`, `<content type="html">`, `content_html`).
 *
 * Timestamps must be ISO 8601 with a `Z` or an offset (a string without one would be read in
 * the local time zone). They are normalised to UTC (`toISOString()` for Atom/JSON,
 * `toUTCString()` — RFC 822 — for RSS); an unparseable timestamp throws a RangeError.
 *
 * `FEEDS` is the one table of the formats: the routes that serve them, the feeds' self URLs
 * and the archive page's links are all built from it, so they cannot disagree on a path.
 */

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export type FeedSpec = {
  /** Under the newsletter's base URL. */
  path: string;
  /** Without parameters, as `<link type>` wants it; a response adds the charset. */
  mediaType: string;
  /** Short, for a reader choosing a link: "Subscribe: RSS · Atom · JSON Feed". */
  label: string;
  /** With the version, for the API reference. */
  title: string;
  render: (channel: FeedChannel, entries: FeedEntry[]) => string;
};

export const FEEDS: Readonly<Record<FeedFormat, FeedSpec>> = {
  rss: { path: '/feed.xml', mediaType: 'application/rss+xml', label: 'RSS', title: 'RSS 2.0', render: renderRss },
  atom: { path: '/feed.atom', mediaType: 'application/atom+xml', label: 'Atom', title: 'Atom', render: renderAtom },
  json: { path: '/feed.json', mediaType: 'application/feed+json', label: 'JSON Feed', title: 'JSON Feed 1.1', render: renderJsonFeed },
};

/** A feed's absolute URL under a base URL (trailing slashes ignored). */
export function feedUrl(baseUrl: string, format: FeedFormat): string {
  return `${baseUrl.replace(/\/+$/, '')}${FEEDS[format].path}`;
}

export type FeedEntry = {
  number: number;
  subject: string;
  /** YYYY-MM-DD */
  date: string;
  /** ISO timestamp (with `Z` or an offset) */
  publishedAt: string;
  /** Absolute URL of the public page, e.g. `${baseUrl}/issues/12`. */
  url: string;
  /** The content as an HTML fragment (already safe HTML). */
  html: string;
};

export type FeedChannel = {
  /** Newsletter name. */
  title: string;
  /** Plain text (e.g. the newsletter intro). */
  description: string;
  /** `${baseUrl}/issues` */
  siteUrl: string;
  /** Absolute self URLs, e.g. `(format) => feedUrl(baseUrl, format)`. */
  feedUrl: (format: FeedFormat) => string;
  /** ISO: the newest publishedAt, or a fixed epoch when there are none. */
  updatedAt: string;
};

/**
 * Everything outside XML 1.0's `Char` production (C0 controls except tab/LF/CR, lone
 * surrogates, U+FFFE, U+FFFF) plus the C1 controls. With the `u` flag a lone surrogate is one
 * code point in D800–DFFF, which the allowed ranges leave out.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Removes the characters that XML 1.0 forbids (and C1 controls). */
export function stripInvalidXmlChars(s: string): string {
  return s.replace(NOT_XML_CHAR, '');
}

/** One-line text: invalid characters removed, whitespace runs collapsed to one space, trimmed. */
export function oneLine(s: string): string {
  return stripInvalidXmlChars(s).replace(/\s+/g, ' ').trim();
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be normalised away by the parser; as a reference it survives.
  '\r': '&#13;',
};

/** XML text-node escaping (also safe in attribute values, but see `escapeXmlAttr`). */
export function escapeXml(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

/** XML attribute escaping: as text, plus tab and LF as references (attribute normalisation would turn them into spaces). */
export function escapeXmlAttr(s: string): string {
  return escapeXml(s).replace(/[\t\n]/g, (c) => (c === '\t' ? '&#9;' : '&#10;'));
}

function toDate(iso: string, what: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what} is not a valid timestamp: ${JSON.stringify(iso)}`);
  return d;
}

/** RFC 3339 / ISO 8601 in UTC. */
function rfc3339(iso: string, what: string): string {
  return toDate(iso, what).toISOString();
}

/** RFC 822 (as RSS 2.0 wants it), in GMT. */
function rfc822(iso: string, what: string): string {
  return toDate(iso, what).toUTCString();
}

function element(indent: string, name: string, text: string, attrs = ''): string {
  return `${indent}<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** RSS 2.0, with `atom:link rel="self"` and `content:encoded`. */
export function renderRss(channel: FeedChannel, entries: FeedEntry[]): string {
  const lines: string[] = [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '  <channel>',
    element('    ', 'title', oneLine(channel.title)),
    element('    ', 'link', channel.siteUrl),
    element('    ', 'description', channel.description),
    `    <atom:link href="${escapeXmlAttr(channel.feedUrl('rss'))}" rel="self" type="${FEEDS.rss.mediaType}"/>`,
    element('    ', 'lastBuildDate', rfc822(channel.updatedAt, 'channel.updatedAt')),
  ];
  for (const entry of entries) {
    lines.push(
      '    <item>',
      element('      ', 'title', oneLine(entry.subject)),
      element('      ', 'link', entry.url),
      element('      ', 'guid', entry.url, ' isPermaLink="true"'),
      element('      ', 'pubDate', rfc822(entry.publishedAt, `entry ${entry.number} publishedAt`)),
      element('      ', 'description', entry.html),
      element('      ', 'content:encoded', entry.html),
      '    </item>',
    );
  }
  lines.push('  </channel>', '</rss>', '');
  return lines.join('\n');
}

/**
 * Atom (RFC 4287). The feed's `id` is its self URL; each entry's `id` is the issue URL.
 * `updated` of an entry is its `publishedAt` (a published issue is frozen). The feed has one
 * `<author>` (the newsletter title), which RFC 4287 requires when entries have none.
 */
export function renderAtom(channel: FeedChannel, entries: FeedEntry[]): string {
  const title = oneLine(channel.title);
  const lines: string[] = [
    XML_DECLARATION,
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element('  ', 'id', channel.feedUrl('atom')),
    element('  ', 'title', title, ' type="text"'),
  ];
  if (stripInvalidXmlChars(channel.description).trim() !== '') {
    lines.push(element('  ', 'subtitle', channel.description, ' type="text"'));
  }
  lines.push(
    element('  ', 'updated', rfc3339(channel.updatedAt, 'channel.updatedAt')),
    `  <link rel="self" type="${FEEDS.atom.mediaType}" href="${escapeXmlAttr(channel.feedUrl('atom'))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXmlAttr(channel.siteUrl)}"/>`,
    '  <author>',
    element('    ', 'name', title),
    '  </author>',
  );
  for (const entry of entries) {
    const published = rfc3339(entry.publishedAt, `entry ${entry.number} publishedAt`);
    lines.push(
      '  <entry>',
      element('    ', 'id', entry.url),
      element('    ', 'title', oneLine(entry.subject), ' type="text"'),
      element('    ', 'updated', published),
      element('    ', 'published', published),
      `    <link rel="alternate" type="text/html" href="${escapeXmlAttr(entry.url)}"/>`,
      element('    ', 'content', entry.html, ' type="html"'),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

/** JSON Feed 1.1, pretty-printed (2 spaces) with a trailing newline. */
export function renderJsonFeed(channel: FeedChannel, entries: FeedEntry[]): string {
  const description = stripInvalidXmlChars(channel.description);
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: oneLine(channel.title),
    home_page_url: stripInvalidXmlChars(channel.siteUrl),
    feed_url: stripInvalidXmlChars(channel.feedUrl('json')),
    ...(description.trim() !== '' ? { description } : {}),
    items: entries.map((entry) => ({
      id: stripInvalidXmlChars(entry.url),
      url: stripInvalidXmlChars(entry.url),
      title: oneLine(entry.subject),
      content_html: stripInvalidXmlChars(entry.html),
      date_published: rfc3339(entry.publishedAt, `entry ${entry.number} publishedAt`),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
