import { XMLParser } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { parse, parseFragment } from 'parse5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { attr, elements, type Node } from '../helpers/html.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// What a hostile submitter sends, in every field a submitter may set, must render inert in the
// issue's Markdown, its HTML page and all three feeds: no element, attribute, link or image
// that the payload made. Each render is read back with a real parser, not with regexes.

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example/"></iframe>',
  '[x](javascript:alert(1))',
  '[x](http://evil.example/)',
  '![i](http://x.example/y.png)',
  '<http://evil.example/>',
  '<a href="http://evil.example/">x</a>',
  '<svg onload=alert(1)>',
  'javascript:alert(1)',
  '[x][r] [r]: http://evil.example/',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '`code` <b>bold</b>',
  '**bold** _em_ ~~s~~',
  'x](http://evil.example/)',
  'x) ![i](http://x.example/y.png)',
  '<!-- comment --> tail',
  '<details open ontoggle=alert(1)>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '[x](<javascript:alert(1)>)',
  '<style>body{display:none}</style>',
  'www.evil.example and http://evil.example/auto',
];

const CREDIT_BASE = 'https://credit.example/?q=';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ok(res: Promise<Response>, status = 200): Promise<any> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/**
 * Links a render may carry: the submitted pages, the credits as typed, what the editors
 * wrote in the newsletter's settings, and the site's own pages (home, issues, the submission
 * form). Anything else came from a payload.
 */
const allowedHref = (href: string | undefined) =>
  href !== undefined &&
  (href.startsWith('https://submitted.example/') || href.startsWith(CREDIT_BASE) || href.startsWith('https://news.example.org') || href === '/' || href.startsWith('/issues') || href === '/submit' || href === 'mailto:links@example.org');

const ACTIVE = new Set(['script', 'img', 'iframe', 'svg', 'object', 'embed', 'style', 'details', 'form', 'input', 'link', 'meta', 'base', 'b']);

/** Elements, attributes and links in an HTML body that no renderer wrote. */
function activeHtml(nodes: Node[]): string[] {
  const found: string[] = [];
  for (const el of nodes.flatMap((n) => elements(n))) {
    if (ACTIVE.has(el.tagName)) found.push(`<${el.tagName}>`);
    for (const a of el.attrs) if (/^on/i.test(a.name)) found.push(`${el.tagName}[${a.name}]`);
    if (el.tagName === 'a' && !allowedHref(attr(el, 'href'))) found.push(`a[href=${attr(el, 'href')}]`);
  }
  return found;
}

function bodyOf(html: string): Node[] {
  const doc = parse(html);
  const htmlEl = doc.childNodes.find((n) => n.nodeName === 'html') as any;
  return htmlEl.childNodes.filter((n: Node) => n.nodeName === 'body');
}

/** Links, images and raw HTML in the Markdown, as a CommonMark parser reads it (raw HTML on, as static sites have it). */
function activeMarkdown(markdown: string): string[] {
  const md = new MarkdownIt({ html: true, linkify: false });
  const found: string[] = [];
  const walk = (tokens: ReturnType<MarkdownIt['parse']>) => {
    for (const tok of tokens) {
      if (tok.type === 'image') found.push(`image ${tok.attrGet('src')}`);
      if (tok.type === 'link_open' && !allowedHref(tok.attrGet('href') ?? undefined)) found.push(`link ${tok.attrGet('href')}`);
      if ((tok.type === 'html_inline' || tok.type === 'html_block') && !/^<\/?small>$/.test(tok.content.trim())) found.push(`html ${tok.content}`);
      if (tok.children) walk(tok.children);
    }
  };
  walk(md.parse(markdown, {}));
  return found;
}

/** Publishes issue 1 with every approved link, then reads its .md, HTML and feeds back with real parsers. */
async function expectInertEverywhere() {
  await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } }), 201);
  const assembled = await ok(t.request('POST', '/v1/issues/1/assemble', { body: {} }));
  expect(assembled.added).toHaveLength(PAYLOADS.length);
  await ok(t.request('POST', '/v1/issues/1/publish'));

  const md = await (await t.request('GET', '/v1/issues/1.md')).text();
  expect(activeMarkdown(md)).toEqual([]);
  // The escaped payloads still read as the submitter wrote them.
  expect(new MarkdownIt().renderInline('\\<script\\>alert\\(1\\)\\</script\\>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');

  for (const path of ['/v1/issues/1.html', '/issues/1']) {
    const html = await (await t.request('GET', path, { token: path.startsWith('/v1') ? t.tokens.editor : null })).text();
    expect(activeHtml(bodyOf(html)), path).toEqual([]);
  }

  const xml = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true });
  const rss = xml.parse(await (await t.request('GET', '/feed.xml', { token: null })).text());
  const atom = xml.parse(await (await t.request('GET', '/feed.atom', { token: null })).text());
  const json = await (await t.request('GET', '/feed.json', { token: null })).json();
  const contents: [string, string][] = [
    ['rss', rss.rss.channel.item['content:encoded'] ?? rss.rss.channel.item.description],
    ['atom', atom.feed.entry.content['#text']],
    ['json', json.items[0].content_html],
  ];
  for (const [feed, html] of contents) {
    expect(html.length, feed).toBeGreaterThan(100);
    expect(activeHtml(parseFragment(html).childNodes), feed).toEqual([]);
  }
}

describe('a submitter’s (or an imported file’s) text in a published issue', () => {
  it('renders all 22 payloads inert as section, credit, title and blurb in .md, HTML and every feed', async () => {
    await ok(t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER }));
    for (const [i, payload] of PAYLOADS.entries()) {
      const link = await ok(
        t.request('POST', '/v1/links', {
          token: t.tokens.submitter,
          body: { url: `https://submitted.example/${i}`, title: payload, blurb: payload, section: payload, credit: { name: payload, url: `${CREDIT_BASE}${payload}` } },
        }),
        201,
      );
      // Not one of the newsletter's sections: dropped, so it can never become a section name.
      expect(link.section).toBeNull();
      await ok(t.request('PATCH', `/v1/links/${link.id}`, { body: { status: 'approved' } }));
    }
    await expectInertEverywhere();
  });

  it('renders all 22 payloads inert when a reader sends them through POST /v1/submissions, in every field', async () => {
    await ok(t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER }));
    for (const [i, payload] of PAYLOADS.entries()) {
      const body = { url: `https://submitted.example/p${i}`, title: payload, note: payload, name: payload, section: payload };
      await ok(t.request('POST', '/v1/submissions', { token: null, body }), 202);
      t.clock.advance(7000); // under the rate limit of one address
    }
    const queue = await ok(t.request('GET', '/v1/links?status=pending&limit=100'));
    expect(queue.items).toHaveLength(PAYLOADS.length);
    const approved = await ok(t.request('POST', '/v1/links/bulk', { body: { ids: queue.items.map((l: any) => l.id), action: 'approve' } }));
    expect(approved.counts).toEqual({ done: PAYLOADS.length });
    await expectInertEverywhere();
  });

  it('renders all 22 payloads inert as the titles and notes of imported bookmarks, stored as the text they are', async () => {
    await ok(t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER }));
    // Half as a browser writes them (entities in a Netscape file), half as Pinboard's JSON has them.
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const half = Math.ceil(PAYLOADS.length / 2);
    const netscape = `<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n${PAYLOADS.slice(0, half)
      .map((p, i) => `<DT><A HREF="https://submitted.example/n${i}" ADD_DATE="1600000000">${escape(p)}</A>\n<DD>${escape(p)}\n`)
      .join('')}</DL>\n`;
    const pinboard = JSON.stringify(PAYLOADS.slice(half).map((p, i) => ({ href: `https://submitted.example/j${i}`, description: p, extended: p, tags: '', time: '2020-01-01T00:00:00Z' })));
    for (const file of [netscape, pinboard]) {
      const queued = await ok(t.request('POST', '/v1/imports', { body: file, headers: { 'content-type': 'application/octet-stream' } }), 202);
      await t.importRunner.drain();
      expect((await ok(t.request('GET', `/v1/imports/${queued.id}`))).status).toBe('done');
    }
    const links = await ok(t.request('GET', '/v1/links?limit=100&sort=oldest'));
    expect(links.items.map((l: any) => l.title)).toEqual(PAYLOADS.map((p) => p.replace(/\s+/g, ' ').trim()));
    await expectInertEverywhere();
  });

  it('keeps a submitter’s section when it names one of the newsletter’s sections, in the newsletter’s spelling', async () => {
    await ok(t.request('PUT', '/v1/newsletter', { body: { ...DESIGN_NEWSLETTER, sections: [{ name: 'Tools', featured: false }] } }));
    const link = await ok(t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://submitted.example/t', section: 'tools' } }), 201);
    expect(link.section).toBe('Tools');
    // An editor's section is theirs to choose.
    const own = await t.createLink({ url: 'https://submitted.example/e', section: 'Brand new' });
    expect(own.section).toBe('Brand new');
  });

  it('renders section names as plain text, whoever typed them', async () => {
    await ok(t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER }));
    await ok(t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } }), 201);
    const layout = [];
    for (const [i, payload] of PAYLOADS.entries()) {
      const link = await t.createLink({ url: `https://submitted.example/s${i}`, title: 'T' });
      layout.push({ name: `${i} ${payload}`, items: [{ linkId: link.id }] });
    }
    await ok(t.request('PUT', '/v1/issues/1/sections', { body: layout }));
    const md = await (await t.request('GET', '/v1/issues/1.md')).text();
    expect(activeMarkdown(md)).toEqual([]);
    const html = await (await t.request('GET', '/v1/issues/1.html')).text();
    expect(activeHtml(bodyOf(html))).toEqual([]);
    const headings = elements(bodyOf(html)[0]!).filter((el) => el.tagName === 'h2');
    expect(headings).toHaveLength(PAYLOADS.length);
  });
});

describe('repeated query parameters', () => {
  it('answers 422 naming the limit for more than 20 tags, and takes 20', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `tag=t${i}`).join('&');
    const tooMany = await t.request('GET', `/v1/links?${many(1000)}`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await tooMany.json();
    expect(problem.errors).toEqual([{ path: 'tag', message: 'At most 20 values.', code: 'custom' }]);
    expect((await t.request('GET', `/v1/links?${many(21)}`)).status).toBe(422);
    expect((await t.request('GET', `/v1/links?${many(20)}`)).status).toBe(200);
  });
});
