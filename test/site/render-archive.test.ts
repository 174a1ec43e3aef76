import { describe, expect, it } from 'vitest';
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap, ParserError } from 'parse5';
import { feedLinks, renderArchivePage } from '../../src/site/render-archive.js';
import type { ArchiveFeedLink, ArchivePageInput } from '../../src/site/render-archive.js';
import { FEED_FORMATS } from '../../src/site/render-feeds.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
type Document = DefaultTreeAdapterMap['document'];

const BASE = 'https://news.example.org';
const PATHS = { rss: '/feed.xml', atom: '/feed.atom', json: '/feed.json' } as const;
const feeds: ArchiveFeedLink[] = FEED_FORMATS.map((format) => ({ format, url: `${BASE}${PATHS[format]}` }));

function parsePage(html: string): Document {
  const errors: ParserError[] = [];
  const doc = parse(html, { onParseError: (e) => errors.push(e) });
  expect(errors).toEqual([]);
  return doc;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function children(node: Node): Node[] {
  const kids = 'childNodes' in node ? [...node.childNodes] : [];
  if (isElement(node) && node.tagName === 'template') kids.push(...(node as DefaultTreeAdapterMap['template']).content.childNodes);
  return kids;
}

function all(node: Node, tagName: string): Element[] {
  const found: Element[] = [];
  const walk = (n: Node): void => {
    if (isElement(n) && n.tagName === tagName) found.push(n);
    children(n).forEach(walk);
  };
  walk(node);
  return found;
}

function one(node: Node, tagName: string): Element {
  const found = all(node, tagName);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return children(node).map(textOf).join('');
}

const input: ArchivePageInput = {
  title: 'Postgres Weekly-ish',
  intro: 'Another week, another pile of links.\n\nSecond paragraph.',
  issues: [
    { number: 13, subject: 'Vacuuming the warehouse', date: '2025-03-14', url: `${BASE}/issues/13` },
    { number: 12, subject: 'Indexes, again', date: '2025-03-07', url: `${BASE}/issues/12` },
  ],
  feeds,
};

describe('renderArchivePage', () => {
  it('renders a complete standalone page', () => {
    const html = renderArchivePage(input);
    expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
    const doc = parsePage(html);
    expect(doc.mode).toBe('no-quirks');
    expect(attr(one(doc, 'html'), 'lang')).toBe('en');
    const metas = all(one(doc, 'head'), 'meta');
    expect(metas.some((m) => attr(m, 'charset') === 'utf-8')).toBe(true);
    expect(metas.some((m) => attr(m, 'name') === 'viewport' && attr(m, 'content')?.includes('width=device-width'))).toBe(true);
    expect(textOf(one(doc, 'title'))).toBe('Postgres Weekly-ish');
    expect(textOf(one(doc, 'h1'))).toBe('Postgres Weekly-ish');
    expect(all(one(doc, 'head'), 'style')).toHaveLength(1);
    expect(all(doc, 'script')).toEqual([]);
    expect(all(doc, 'p').map(textOf).slice(0, 2)).toEqual(['Another week, another pile of links.', 'Second paragraph.']);
  });

  it('links the feeds in <head> and in the footer', () => {
    const doc = parsePage(renderArchivePage(input));
    const alternates = all(one(doc, 'head'), 'link').filter((l) => attr(l, 'rel') === 'alternate');
    expect(alternates.map((l) => [attr(l, 'type'), attr(l, 'href'), attr(l, 'title')])).toEqual([
      ['application/rss+xml', `${BASE}/feed.xml`, 'Postgres Weekly-ish (RSS)'],
      ['application/atom+xml', `${BASE}/feed.atom`, 'Postgres Weekly-ish (Atom)'],
      ['application/feed+json', `${BASE}/feed.json`, 'Postgres Weekly-ish (JSON Feed)'],
    ]);
    const footerLinks = all(one(doc, 'footer'), 'a');
    expect(footerLinks.map((a) => [textOf(a), attr(a, 'href')])).toEqual([
      ['RSS', `${BASE}/feed.xml`],
      ['Atom', `${BASE}/feed.atom`],
      ['JSON Feed', `${BASE}/feed.json`],
    ]);
  });

  it('lists the issues in the given order with links and dates', () => {
    const html = renderArchivePage(input);
    expect(html).toContain(`<a href="${BASE}/issues/13">#13 — Vacuuming the warehouse</a>`);
    const doc = parsePage(html);
    const items = all(one(doc, 'ul'), 'li');
    expect(items).toHaveLength(2);
    expect(
      items.map((li) => {
        const a = one(li, 'a');
        const time = one(li, 'time');
        return [attr(a, 'href'), textOf(a), attr(time, 'datetime'), textOf(time)];
      }),
    ).toEqual([
      [`${BASE}/issues/13`, '#13 — Vacuuming the warehouse', '2025-03-14', '2025-03-14'],
      [`${BASE}/issues/12`, '#12 — Indexes, again', '2025-03-07', '2025-03-07'],
    ]);
  });

  it('says so when the archive is empty, and works without feeds or intro', () => {
    const doc = parsePage(renderArchivePage({ title: 'Empty', issues: [] }));
    expect(all(doc, 'ul')).toEqual([]);
    expect(all(doc, 'li')).toEqual([]);
    expect(textOf(one(doc, 'main'))).toContain('No issues have been published yet.');
    expect(all(doc, 'link')).toEqual([]);
    expect(all(doc, 'footer')).toEqual([]);
  });

  it('escapes hostile text everywhere and never links unsafe schemes', () => {
    const subject = '</title><script>alert(1)</script> & "q" \'a\' a\u0001b\uFFFF 😀 עברית';
    const html = renderArchivePage({
      title: 'News </title><script>x()</script> & "co"',
      intro: '<img src=x onerror=alert(1)> & more',
      issues: [
        { number: 1, subject, date: '2025-01-01"><script>', url: `${BASE}/issues/1?a="b"&c=<d>` },
        { number: 2, subject: 'Bad link', date: '2025-01-02', url: 'java\tscript:alert(1)' },
        { number: 3, subject: 'Data', date: '2025-01-03', url: ' data:text/html,<script>alert(1)</script>' },
        { number: 4, subject: 'Relative', date: '2025-01-04', url: '/issues/4' },
      ],
      feeds: [...feeds, { format: 'rss', url: 'javascript:alert(1)' }],
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    const doc = parsePage(html);
    expect(all(doc, 'script')).toEqual([]);
    expect(all(doc, 'img')).toEqual([]);
    expect(textOf(one(doc, 'title'))).toBe('News </title><script>x()</script> & "co"');
    expect(textOf(one(doc, 'main'))).toContain('<img src=x onerror=alert(1)> & more');
    const items = all(one(doc, 'ul'), 'li');
    const first = one(items[0]!, 'a');
    expect(attr(first, 'href')).toBe(`${BASE}/issues/1?a="b"&c=<d>`);
    expect(textOf(first)).toBe('#1 — </title><script>alert(1)</script> & "q" \'a\' ab 😀 עברית');
    expect(attr(one(items[0]!, 'time'), 'datetime')).toBe('2025-01-01"><script>');
    expect(all(items[1]!, 'a')).toEqual([]);
    expect(textOf(items[1]!)).toContain('#2 — Bad link');
    expect(all(items[2]!, 'a')).toEqual([]);
    expect(attr(one(items[3]!, 'a'), 'href')).toBe('/issues/4');
    const hrefs = all(doc, 'link').map((l) => attr(l, 'href'));
    expect(hrefs).not.toContain('javascript:alert(1)');
    expect(hrefs).toHaveLength(3);
    expect(html).not.toMatch(/[\u0001\uFFFF]/);
  });

  it('derives the three feeds from baseUrl when no feeds are given', () => {
    expect(feedLinks(`${BASE}/`)).toEqual(feeds);
    const fromBase = renderArchivePage({ title: input.title, intro: input.intro, issues: input.issues, baseUrl: BASE });
    expect(fromBase).toBe(renderArchivePage(input));
    const explicit = renderArchivePage({ ...input, baseUrl: 'https://other.example', feeds: feeds.slice(0, 1) });
    const links = all(parsePage(explicit), 'link').map((l) => attr(l, 'href'));
    expect(links).toEqual([`${BASE}/feed.xml`]);
  });

  it('is deterministic', () => {
    expect(renderArchivePage(input)).toBe(renderArchivePage(structuredClone(input)));
  });
});
