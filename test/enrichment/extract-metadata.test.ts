import { afterEach, describe, expect, it } from 'vitest';
import { cleanDate, cleanText, extractMetadata, resolvePageUrl } from '../../src/enrichment/extract-metadata.js';
import { fixture, Servers } from './helpers.js';

const servers = new Servers();
afterEach(() => servers.closeAll());

const page = (name: string): string => fixture(name).toString('utf8');

describe('extractMetadata', () => {
  it('reads every field of a rich page, preferring Open Graph over Twitter, JSON-LD and plain HTML', async () => {
    const m = await extractMetadata(page('rich.html'), 'https://example.org/posts/autovacuum?utm_source=x');
    expect(m).toEqual({
      title: 'Autovacuum tuning, a field guide',
      description: 'How to tune autovacuum without tears.',
      siteName: 'Postgres Weekly',
      image: {
        url: 'https://example.org/images/cover.png',
        width: 1200,
        height: 630,
        alt: 'An elephant with a vacuum cleaner',
      },
      favicon: 'https://example.org/static/favicon.ico',
      author: 'Ada Lovelace',
      publishedAt: '2025-03-07T08:30:00.000Z',
      canonicalUrl: 'https://example.org/posts/autovacuum',
      type: 'article',
    });
  });

  it('falls back to <title> for a page with only a title, and does not take body images', async () => {
    const m = await extractMetadata(page('title-only.html'), 'https://example.org/x');
    expect(m).toEqual({
      title: 'Just a title',
      description: null,
      siteName: null,
      image: null,
      favicon: null,
      author: null,
      publishedAt: null,
      canonicalUrl: null,
      type: null,
    });
  });

  it('resolves relative image, favicon and canonical URLs against the final URL', async () => {
    const m = await extractMetadata(page('relative-image.html'), 'https://blog.example.org/a/b/post.html');
    expect(m.image?.url).toBe('https://blog.example.org/a/img/pic.jpg');
    expect(m.favicon).toBe('https://blog.example.org/a/b/favicon.png');
    expect(m.canonicalUrl).toBe('https://blog.example.org/canonical/page');
  });

  it('uses JSON-LD before plain HTML when Open Graph and Twitter are missing', async () => {
    const m = await extractMetadata(page('jsonld-only.html'), 'https://news.example.org/story');
    expect(m.title).toBe('JSON-LD headline');
    expect(m.description).toBe('JSON-LD description');
    expect(m.siteName).toBe('LD Publisher');
    expect(m.image).toEqual({ url: 'https://news.example.org/ld.jpg', width: 800, height: 400, alt: null });
    expect(m.author).toBe('Grace Hopper, Alan Turing');
    expect(m.publishedAt).toBe('2024-05-06T07:08:09.000Z');
  });

  it('uses Twitter card values before JSON-LD and plain HTML', async () => {
    const m = await extractMetadata(page('twitter-only.html'), 'https://example.org/');
    expect(m.title).toBe('Twitter title');
    expect(m.description).toBe('Twitter description');
    expect(m.image).toEqual({ url: 'https://cdn.example.org/tw.png', width: null, height: null, alt: 'Twitter alt' });
  });

  it('uses <meta name=description> when nothing better exists', async () => {
    const m = await extractMetadata(
      '<html><head><title>T</title><meta name="description" content="  plain\n description "></head></html>',
      'https://example.org/',
    );
    expect(m.title).toBe('T');
    expect(m.description).toBe('plain description');
  });

  it('drops non-http(s) URLs (javascript:, data:) for image, favicon and canonical', async () => {
    const html = `<html><head>
      <meta property="og:title" content="x">
      <meta property="og:image" content="javascript:alert(1)">
      <meta name="twitter:image" content="data:image/png;base64,AAAA">
      <meta property="og:url" content="javascript:alert(2)">
      <link rel="icon" href="file:///etc/passwd">
    </head></html>`;
    const m = await extractMetadata(html, 'https://example.org/');
    expect(m.image).toBeNull();
    expect(m.canonicalUrl).toBeNull();
    expect(m.favicon).toBeNull();
  });

  it('strips control characters, collapses whitespace and caps lengths', async () => {
    const longTitle = 'A'.repeat(1000);
    const longDesc = 'word '.repeat(1000);
    const html = `<html><head>
      <meta property="og:title" content="${longTitle}">
      <meta property="og:description" content="${longDesc}">
      <meta property="og:site_name" content="Evil&#x7;\u202E Site&#x0B;   Name">
    </head></html>`;
    const m = await extractMetadata(html, 'https://example.org/');
    expect(Array.from(m.title!).length).toBe(300);
    expect(Array.from(m.description!).length).toBeLessThanOrEqual(1000);
    expect(m.siteName).toBe('Evil Site Name');
  });

  it('treats an article:author profile URL as no author and falls back', async () => {
    const html = `<html><head><meta property="article:author" content="https://facebook.com/someone">
      <meta name="author" content="Real Name"></head></html>`;
    const m = await extractMetadata(html, 'https://example.org/');
    expect(m.author).toBe('Real Name');
  });

  it('returns empty metadata for empty or non-HTML input without throwing', async () => {
    const empty = await extractMetadata('', 'https://example.org/');
    expect(empty.title).toBeNull();
    const junk = await extractMetadata('\u0000\u0001 binary \uFFFD junk', 'https://example.org/');
    expect(junk.image).toBeNull();
  });

  it('never fetches anything the page refers to', async () => {
    const s = await servers.start((_req, res) => res.end('<title>fetched</title>'));
    const html = `<html><head>
      <meta property="og:url" content="${s.origin}/canonical">
      <meta property="og:image" content="${s.origin}/image.png">
      <link rel="icon" href="${s.origin}/favicon.ico">
      <meta http-equiv="refresh" content="0; url=${s.origin}/refresh">
    </head><body><img src="${s.origin}/img.png"><iframe src="${s.origin}/frame"></iframe></body></html>`;
    const m = await extractMetadata(html, `${s.origin}/page`);
    expect(m.image?.url).toBe(`${s.origin}/image.png`);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.connections).toBe(0);
  });

  it('ignores invalid JSON-LD', async () => {
    const html = `<html><head><title>ok</title><script type="application/ld+json">{not json</script></head></html>`;
    const m = await extractMetadata(html, 'https://example.org/');
    expect(m.title).toBe('ok');
  });
});

describe('cleaning helpers', () => {
  it('cleanText: null for empty/whitespace/control-only, collapses whitespace', () => {
    expect(cleanText('   ', 10)).toBeNull();
    expect(cleanText('\u0000\u0008', 10)).toBeNull();
    expect(cleanText(' a \n\t b ', 10)).toBe('a b');
    expect(cleanText(undefined, 10)).toBeNull();
  });

  it('cleanText caps without splitting surrogate pairs', () => {
    const s = cleanText('😀'.repeat(20), 5)!;
    expect(Array.from(s)).toHaveLength(5);
    expect(s).not.toMatch(/[\uD800-\uDFFF]/u); // no lone surrogate
  });

  it('resolvePageUrl keeps only http(s) up to 2048 characters', () => {
    expect(resolvePageUrl('/a', 'https://x.org/b/c')).toBe('https://x.org/a');
    expect(resolvePageUrl('//cdn.x.org/i.png', 'https://x.org/')).toBe('https://cdn.x.org/i.png');
    expect(resolvePageUrl('mailto:a@b.c', 'https://x.org/')).toBeNull();
    expect(resolvePageUrl(`https://x.org/${'a'.repeat(3000)}`, 'https://x.org/')).toBeNull();
  });

  it('cleanDate returns ISO strings or null', () => {
    expect(cleanDate('2025-03-07')).toBe('2025-03-07T00:00:00.000Z');
    expect(cleanDate('Fri, 07 Mar 2025 10:00:00 GMT')).toBe('2025-03-07T10:00:00.000Z');
    expect(cleanDate('yesterday')).toBeNull();
    expect(cleanDate('')).toBeNull();
  });
});
