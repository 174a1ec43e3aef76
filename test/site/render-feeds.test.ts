import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  escapeXml,
  escapeXmlAttr,
  oneLine,
  renderAtom,
  renderJsonFeed,
  renderRss,
  stripInvalidXmlChars,
} from '../../src/site/render-feeds.js';
import type { FeedChannel, FeedEntry, FeedFormat } from '../../src/site/render-feeds.js';

const BASE = 'https://news.example.org';
const FEED_PATHS: Record<FeedFormat, string> = { rss: '/feed.xml', atom: '/feed.atom', json: '/feed.json' };

function channel(overrides: Partial<FeedChannel> = {}): FeedChannel {
  return {
    title: 'Postgres Weekly-ish',
    description: 'Another week, another pile of links.',
    siteUrl: `${BASE}/issues`,
    feedUrl: (format) => `${BASE}${FEED_PATHS[format]}`,
    updatedAt: '2025-03-14T09:00:00.000Z',
    ...overrides,
  };
}

function entry(number: number, overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    number,
    subject: `Issue ${number} subject`,
    date: '2025-03-07',
    publishedAt: '2025-03-07T09:00:00.000Z',
    url: `${BASE}/issues/${number}`,
    html: `<h1>Issue ${number}</h1>\n<p>Tom &amp; Jerry <a href="https://example.org/?a=1&amp;b=2">link</a></p>`,
    ...overrides,
  };
}

const entries: FeedEntry[] = [
  entry(13, { publishedAt: '2025-03-14T09:00:00.000Z', date: '2025-03-14', subject: 'Vacuuming the warehouse' }),
  entry(12, { publishedAt: '2025-03-07T10:30:00+01:00', subject: 'Indexes, again' }),
];

/** Anything outside XML 1.0's Char production. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true, // decode numeric character references (&#13;)
  isArray: (name, jPath) => name === 'item' || name === 'entry' || (name === 'link' && String(jPath).startsWith('feed.')),
});

/** The text of an element that has attributes (`{ '#text', '@_…' }`); an empty element has no `#text`. */
function textOf(node: { '#text'?: string }): string {
  return node['#text'] ?? '';
}

/** Asserts the document is well-formed XML 1.0 (fast-xml-parser does not check characters) and parses it. */
function parseXml(xml: string): any {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(NOT_XML_CHAR);
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  return parser.parse(xml);
}

const HOSTILE_SUBJECT =
  '</title><script>alert(1)</script> ]]> Tom & "Jerry" \'s <b>bold</b> a\u0001b\u0000c\uFFFFd\uFFFEe\uD800f\uDC00g 😀 עברית\u202Eabc \u0085x';
const HOSTILE_SUBJECT_CLEAN = '</title><script>alert(1)</script> ]]> Tom & "Jerry" \'s <b>bold</b> abcdefg 😀 עברית\u202Eabc x';
const HOSTILE_HTML = '<p>]]> CDATA end &amp; <code>&lt;/content&gt;</code> a\u0001b\uFFFF 😀 שלום</p>\r\n<p>x</p>';
const HOSTILE_HTML_CLEAN = '<p>]]> CDATA end &amp; <code>&lt;/content&gt;</code> ab 😀 שלום</p>\r\n<p>x</p>';

function hostileChannel(): FeedChannel {
  return channel({
    title: 'News & "views" <script>\u0001',
    description: 'Links ]]> & <things>\u0002 \uFFFF',
    siteUrl: `${BASE}/issues?a=1&b="2"`,
    feedUrl: (format) => `${BASE}${FEED_PATHS[format]}?x='y'&z=<1>`,
  });
}

function hostileEntry(): FeedEntry {
  return entry(7, { subject: HOSTILE_SUBJECT, html: HOSTILE_HTML, url: `${BASE}/issues/7?q="a"&r=<b>` });
}

describe('escapeXml', () => {
  it('escapes the five special characters and keeps CR as a reference', () => {
    expect(escapeXml(`a&b<c>d"e'f\rg`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g');
    expect(escapeXmlAttr('a\tb\nc"')).toBe('a&#9;b&#10;c&quot;');
  });

  it('strips characters that XML 1.0 forbids, keeps the rest', () => {
    expect(stripInvalidXmlChars('a\u0000\u0001\u0008\u000b\u000c\u001f\u007f\u0085\u009fb')).toBe('ab');
    expect(stripInvalidXmlChars('\t\n\r ok')).toBe('\t\n\r ok');
    expect(stripInvalidXmlChars('x\uFFFE\uFFFFy\uFFFD')).toBe('xy\uFFFD');
    expect(stripInvalidXmlChars('lone \uD800 and \uDFFF end')).toBe('lone  and  end');
    expect(stripInvalidXmlChars('😀 \u{10FFFF} עברית')).toBe('😀 \u{10FFFF} עברית');
  });

  it('oneLine collapses whitespace', () => {
    expect(oneLine('  a\n\tb\r\n  c \u0001 ')).toBe('a b c');
  });
});

describe('renderRss', () => {
  it('renders RSS 2.0 with the channel and items in the given order', () => {
    const xml = renderRss(channel(), entries);
    expect(xml).toContain(
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    );
    const doc = parseXml(xml);
    expect(doc.rss['@_version']).toBe('2.0');
    const ch = doc.rss.channel;
    expect(ch.title).toBe('Postgres Weekly-ish');
    expect(ch.link).toBe(`${BASE}/issues`);
    expect(ch.description).toBe('Another week, another pile of links.');
    expect(ch['atom:link']).toEqual({ '@_href': `${BASE}/feed.xml`, '@_rel': 'self', '@_type': 'application/rss+xml' });
    expect(ch.lastBuildDate).toBe('Fri, 14 Mar 2025 09:00:00 GMT');
    expect(ch.item).toHaveLength(2);
    const [first, second] = ch.item;
    expect(first.title).toBe('Vacuuming the warehouse');
    expect(first.link).toBe(`${BASE}/issues/13`);
    expect(first.guid).toEqual({ '#text': `${BASE}/issues/13`, '@_isPermaLink': 'true' });
    expect(first.pubDate).toBe('Fri, 14 Mar 2025 09:00:00 GMT');
    expect(first.description).toBe(entries[0]!.html);
    expect(first['content:encoded']).toBe(entries[0]!.html);
    expect(second.title).toBe('Indexes, again');
    expect(second.pubDate).toBe(new Date('2025-03-07T10:30:00+01:00').toUTCString());
    expect(second.pubDate).toBe('Fri, 07 Mar 2025 09:30:00 GMT');
  });

  it('never uses CDATA', () => {
    expect(renderRss(hostileChannel(), [hostileEntry()])).not.toContain('<![CDATA[');
  });
});

describe('renderAtom', () => {
  it('renders an Atom feed with entries in the given order', () => {
    const xml = renderAtom(channel(), entries);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    const doc = parseXml(xml);
    const feed = doc.feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`${BASE}/feed.atom`);
    expect(feed.title).toEqual({ '#text': 'Postgres Weekly-ish', '@_type': 'text' });
    expect(feed.subtitle).toEqual({ '#text': 'Another week, another pile of links.', '@_type': 'text' });
    expect(feed.updated).toBe('2025-03-14T09:00:00.000Z');
    expect(feed.link).toEqual([
      { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': `${BASE}/feed.atom` },
      { '@_rel': 'alternate', '@_type': 'text/html', '@_href': `${BASE}/issues` },
    ]);
    expect(feed.author.name).toBe('Postgres Weekly-ish');
    expect(feed.entry).toHaveLength(2);
    const [first, second] = feed.entry;
    expect(first.id).toBe(`${BASE}/issues/13`);
    expect(first.title['#text']).toBe('Vacuuming the warehouse');
    expect(first.updated).toBe('2025-03-14T09:00:00.000Z');
    expect(first.published).toBe('2025-03-14T09:00:00.000Z');
    expect(first.link).toEqual([{ '@_rel': 'alternate', '@_type': 'text/html', '@_href': `${BASE}/issues/13` }]);
    expect(first.content).toEqual({ '#text': entries[0]!.html, '@_type': 'html' });
    expect(second.id).toBe(`${BASE}/issues/12`);
    expect(second.published).toBe('2025-03-07T09:30:00.000Z'); // normalised to UTC
  });

  it('leaves the subtitle out when the description is blank', () => {
    const doc = parseXml(renderAtom(channel({ description: '  \u0001 ' }), entries));
    expect(doc.feed.subtitle).toBeUndefined();
  });
});

describe('renderJsonFeed', () => {
  it('renders JSON Feed 1.1', () => {
    const json = renderJsonFeed(channel(), entries);
    expect(json.endsWith('}\n')).toBe(true);
    const feed = JSON.parse(json);
    expect(feed).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Postgres Weekly-ish',
      home_page_url: `${BASE}/issues`,
      feed_url: `${BASE}/feed.json`,
      description: 'Another week, another pile of links.',
      items: [
        {
          id: `${BASE}/issues/13`,
          url: `${BASE}/issues/13`,
          title: 'Vacuuming the warehouse',
          content_html: entries[0]!.html,
          date_published: '2025-03-14T09:00:00.000Z',
        },
        {
          id: `${BASE}/issues/12`,
          url: `${BASE}/issues/12`,
          title: 'Indexes, again',
          content_html: entries[1]!.html,
          date_published: '2025-03-07T09:30:00.000Z',
        },
      ],
    });
  });

  it('carries hostile text as the same cleaned strings as the XML feeds', () => {
    const feed = JSON.parse(renderJsonFeed(hostileChannel(), [hostileEntry()]));
    expect(feed.title).toBe('News & "views" <script>');
    expect(feed.description).toBe('Links ]]> & <things> ');
    expect(feed.items[0].title).toBe(HOSTILE_SUBJECT_CLEAN);
    expect(feed.items[0].content_html).toBe(HOSTILE_HTML_CLEAN);
    expect(JSON.stringify(feed)).not.toMatch(NOT_XML_CHAR);
  });
});

describe('hostile input', () => {
  it('keeps RSS well-formed and every string escaped', () => {
    const xml = renderRss(hostileChannel(), [hostileEntry()]);
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('</title><');
    expect(xml).toContain('&lt;/title&gt;&lt;script&gt;');
    const ch = parseXml(xml).rss.channel;
    expect(ch.title).toBe('News & "views" <script>');
    expect(ch.description).toBe('Links ]]> & <things> ');
    expect(ch.link).toBe(`${BASE}/issues?a=1&b="2"`);
    expect(ch['atom:link']['@_href']).toBe(`${BASE}/feed.xml?x='y'&z=<1>`);
    const item = ch.item[0];
    expect(item.title).toBe(HOSTILE_SUBJECT_CLEAN);
    expect(item.link).toBe(`${BASE}/issues/7?q="a"&r=<b>`);
    expect(item.guid['#text']).toBe(`${BASE}/issues/7?q="a"&r=<b>`);
    expect(item.description).toBe(HOSTILE_HTML_CLEAN);
    expect(item['content:encoded']).toBe(HOSTILE_HTML_CLEAN);
  });

  it('keeps Atom well-formed and every string escaped', () => {
    const xml = renderAtom(hostileChannel(), [hostileEntry()]);
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<![CDATA[');
    const feed = parseXml(xml).feed;
    expect(feed.title['#text']).toBe('News & "views" <script>');
    expect(feed.id).toBe(`${BASE}/feed.atom?x='y'&z=<1>`);
    expect(feed.link[0]['@_href']).toBe(`${BASE}/feed.atom?x='y'&z=<1>`);
    expect(feed.link[1]['@_href']).toBe(`${BASE}/issues?a=1&b="2"`);
    const e = feed.entry[0];
    expect(e.id).toBe(`${BASE}/issues/7?q="a"&r=<b>`);
    expect(e.title['#text']).toBe(HOSTILE_SUBJECT_CLEAN);
    expect(e.link[0]['@_href']).toBe(`${BASE}/issues/7?q="a"&r=<b>`);
    expect(e.content['#text']).toBe(HOSTILE_HTML_CLEAN);
  });

  it('collapses line breaks in titles', () => {
    const doc = parseXml(renderRss(channel({ title: 'A\nB' }), [entry(1, { subject: '  line\r\none\n\ttwo  ' })]));
    expect(doc.rss.channel.title).toBe('A B');
    expect(doc.rss.channel.item[0].title).toBe('line one two');
  });

  it('any subject and HTML keep every feed parseable (property)', () => {
    const special = fc.constantFrom('&', '<', '>', '"', "'", ']]>', '\u0000', '\u0001', '\r', '\n', '\t', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF', '😀', 'ע', '\u202E', '&amp;', '<![CDATA[');
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: special }), fc.string({ unit: fc.oneof(special, fc.constantFrom('a', ' ')) }));
    fc.assert(
      fc.property(text, text, text, (subject, html, title) => {
        const ch = channel({ title, description: html });
        const es = [entry(1, { subject, html })];
        const rss = parseXml(renderRss(ch, es)).rss.channel;
        expect(rss.title).toBe(oneLine(title));
        expect(rss.item[0].title).toBe(oneLine(subject));
        expect(rss.item[0]['content:encoded']).toBe(stripInvalidXmlChars(html));
        const atom = parseXml(renderAtom(ch, es)).feed;
        expect(textOf(atom.entry[0].title)).toBe(oneLine(subject));
        expect(textOf(atom.entry[0].content)).toBe(stripInvalidXmlChars(html));
        const json = JSON.parse(renderJsonFeed(ch, es));
        expect(json.items[0].content_html).toBe(stripInvalidXmlChars(html));
        expect(json.items[0].title).toBe(oneLine(subject));
      }),
      { numRuns: 300 },
    );
  });
});

describe('empty and deterministic', () => {
  const epoch = channel({ updatedAt: '1970-01-01T00:00:00.000Z' });

  it('renders valid feeds without entries', () => {
    const rss = parseXml(renderRss(epoch, [])).rss.channel;
    expect(rss.item).toBeUndefined();
    expect(rss.lastBuildDate).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    const atom = parseXml(renderAtom(epoch, [])).feed;
    expect(atom.entry).toBeUndefined();
    expect(atom.updated).toBe('1970-01-01T00:00:00.000Z');
    expect(atom.author.name).toBe('Postgres Weekly-ish');
    const json = JSON.parse(renderJsonFeed(epoch, []));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items).toEqual([]);
  });

  it('same input renders to the same bytes', () => {
    for (const render of [renderRss, renderAtom, renderJsonFeed]) {
      expect(render(channel(), entries)).toBe(render(channel(), structuredClone(entries)));
    }
  });

  it('throws on an unparseable timestamp instead of emitting an invalid date', () => {
    expect(() => renderRss(channel(), [entry(1, { publishedAt: 'yesterday' })])).toThrow(RangeError);
    expect(() => renderAtom(channel({ updatedAt: '' }), [])).toThrow(RangeError);
    expect(() => renderJsonFeed(channel(), [entry(1, { publishedAt: 'nope' })])).toThrow(RangeError);
  });
});
