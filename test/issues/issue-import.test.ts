import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/issues/render-markdown.js';
import { DESIGN_MARKDOWN, DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { randomIssue } from '../helpers/random-issues.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

const README = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const README_EXAMPLE = /```markdown\n([\s\S]*?)```/.exec(README)![1]!;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const importIssue = (app: TestApp, markdown: string, query = '') =>
  app.request('POST', `/v1/issues/import${query}`, { body: markdown, headers: { 'content-type': 'text/markdown; charset=utf-8' } });

async function imported(markdown: string, query = '', app = t): Promise<any> {
  const res = await importIssue(app, markdown, query);
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

const markdownOf = async (number: number, app = t) => (await app.request('GET', `/v1/issues/${number}.md`)).text();
const frozenMarkdown = (number: number, app = t) => app.sqlite.prepare('SELECT rendered_markdown FROM issues WHERE number = ?').pluck().get(number);

const head = '---\ntitle: 2024-05-03\n---\n\n# Old times\n\n';

describe('POST /v1/issues/import', () => {
  it('creates DESIGN.md’s example as a published issue of that date that renders back byte for byte, whatever the newsletter says later', async () => {
    const res = await importIssue(t, DESIGN_MARKDOWN);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v1/issues/1');
    const issue = await res.json();
    expect(issue).toMatchObject({
      number: 1,
      date: '2025-03-07',
      subject: 'Vacuuming the warehouse',
      status: 'published',
      publishedAt: '2025-03-07T00:00:00.000Z',
      greeting: 'Hello Postgres people,',
      intro: 'Another week, another pile of links.',
      submissionCall: 'Send us links: [email](mailto:links@example.org).',
      signoff: 'Thanks for reading!',
      note: null,
      quote: { text: 'Measure twice, migrate once.', author: 'Ada Lovelace', url: 'https://example.org/ada' },
    });
    expect(issue.sections.map((s: any) => [s.name, s.featured, s.items.length])).toEqual([
      ['Highlights', true, 1],
      ['Tools', false, 2],
    ]);
    expect(await markdownOf(1)).toBe(DESIGN_MARKDOWN);
    expect(frozenMarkdown(1)).toBe(DESIGN_MARKDOWN);

    expect((await t.request('PUT', '/v1/newsletter', { body: { ...DESIGN_NEWSLETTER, greeting: 'Howdy,', intro: 'Changed.', signoff: 'Later!' } })).status).toBe(200);
    expect(await markdownOf(1)).toBe(DESIGN_MARKDOWN);
    expect(await (await t.request('GET', '/issues/1', { token: null })).text()).toContain('Autovacuum tuning');
  });

  it('creates approved links from the lines (source editor, title, blurb, credit), queues their pages, and keeps a non-item line as the item’s Markdown', async () => {
    await imported(DESIGN_MARKDOWN);
    const links = (await (await t.request('GET', '/v1/links?sort=oldest')).json()).items;
    expect(links.map((l: any) => [l.url, l.status, l.source, l.title, l.blurb, l.credit, l.issue])).toEqual([
      ['https://example.org/autovacuum', 'approved', 'editor', 'Autovacuum tuning', 'A field guide.', { name: 'Bob', url: 'https://example.org/bob' }, 1],
      ['https://example.org/pgtool', 'approved', 'editor', 'pgtool', 'Inspect bloat.', null, 1],
      ['https://example.org/notes', 'approved', 'editor', null, null, null, 1],
    ]);
    const issue = await (await t.request('GET', '/v1/issues/1')).json();
    expect(issue.sections[1].items[1].markdown).toBe('Read [the release notes](https://example.org/notes) before upgrading.');
    expect(t.sqlite.prepare('SELECT count(*) FROM enrichment_jobs').pluck().get()).toBe(3);
    const history = await (await t.request('GET', `/v1/links/${links[0].id}/history`)).json();
    expect(history.items.map((e: any) => e.type)).toEqual(expect.arrayContaining(['created', 'added_to_issue']));
  });

  it('imports the README’s example the same way', async () => {
    await imported(README_EXAMPLE);
    expect(await markdownOf(1)).toBe(README_EXAMPLE);
    expect(frozenMarkdown(1)).toBe(README_EXAMPLE);
  });

  it('reuses an approved link in no issue, keeping its own texts and giving the item the line’s', async () => {
    const link = await t.createLink({ url: 'http://www.example.org/pgtool/', title: 'Its own title', credit: { name: 'Someone' } });
    const issue = await imported(DESIGN_MARKDOWN);
    const item = issue.sections[1].items[0];
    expect(item.linkId).toBe(link.id);
    // The link's credit is not the line's, so the item keeps its line as written.
    expect(item.markdown).toBe('[pgtool](https://example.org/pgtool) - Inspect bloat.');
    expect((await (await t.request(`GET`, `/v1/links/${link.id}`)).json()).title).toBe('Its own title');
    expect(await markdownOf(1)).toBe(DESIGN_MARKDOWN);
  });

  it('gives back URLs as written, though links store them cleaned', async () => {
    const md = `${head}---\n\n## Links\n- [Tracked](https://EXAMPLE.org/a?utm_source=news&id=3) - As sent.\n`;
    const issue = await imported(md);
    expect(issue.sections[0].items[0].url).toBe('https://example.org/a?id=3');
    expect(await markdownOf(1)).toBe(md);
  });

  it('stores every text as the issue’s own: a block the file leaves out stays out', async () => {
    expect((await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER })).status).toBe(200);
    const md = `${head}---\n\n## Links\n- [a](https://example.org/a)\n`;
    const issue = await imported(md, '?draft=true');
    expect(issue).toMatchObject({ status: 'draft', publishedAt: null, greeting: '', intro: '', submissionCall: '', signoff: '', note: null, quote: null });
    expect(await markdownOf(1)).toBe(md);
  });

  it('keeps escaped titles, blurbs and credits as written: a file that rendered untrusted text comes back the same', async () => {
    const sent = await t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://example.org/evil', title: '<b>*Bold*</b> [x](y)', blurb: 'a_b_c \\ d', credit: { name: 'Eve [1]' } } });
    const { id } = await sent.json();
    expect((await t.request('PATCH', `/v1/links/${id}`, { body: { status: 'approved' } })).status).toBe(200);
    await t.request('POST', '/v1/issues', { body: { date: '2025-01-03', subject: 'Escapes' } });
    await t.request('POST', '/v1/issues/1/items', { body: { linkId: id, section: 'Links' } });
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
    const md = await markdownOf(1);
    expect(md).toContain('- [\\<b\\>\\*Bold\\*\\<\\/b\\> \\[x\\]\\(y\\)](https://example.org/evil) - a\\_b\\_c \\\\ d — <small>Eve \\[1\\]</small>');

    const fresh = await createTestApp();
    try {
      const issue = await imported(md, '', fresh);
      expect(issue.sections[0].items[0]).toMatchObject({ title: '\\<b\\>\\*Bold\\*\\<\\/b\\> \\[x\\]\\(y\\)', markdown: null });
      expect(await markdownOf(1, fresh)).toBe(md);
    } finally {
      await fresh.close();
    }
  });

  it('takes the next number, or the one asked for; a taken one is a 409', async () => {
    expect((await imported(README_EXAMPLE, '?number=7')).number).toBe(7);
    expect((await imported(`${head}---\n\n## Links\n- [b](https://example.org/b)\n`)).number).toBe(8);
    const res = await importIssue(t, `${head}---\n\n## Links\n- [a](https://example.org/a)\n`, '?number=7');
    expect(res.status).toBe(409);
    expect((await problemOf(res)).detail).toBe('Issue 7 exists already.');
  });

  it('answers 409 naming the line when a page is already in another issue or is not approved', async () => {
    await imported(DESIGN_MARKDOWN);
    const again = await importIssue(t, DESIGN_MARKDOWN.replace('2025-03-07', '2025-03-14'));
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({ line: 21, linkId: 1, issue: 1, detail: expect.stringMatching(/^Line 21: https:\/\/example\.org\/autovacuum is already in issue 1/) });
    expect(again.headers.get('location')).toBe('/v1/issues/1');

    await t.request('POST', '/v1/links', { token: t.tokens.submitter, body: { url: 'https://example.org/pending' } });
    const pending = await importIssue(t, `${head}---\n\n## Links\n- [a](https://example.org/a)\n- [p](https://example.org/pending)\n`);
    expect(pending.status).toBe(409);
    expect((await problemOf(pending)).detail).toMatch(/^Line 11: link 4 \(https:\/\/example\.org\/pending\) is pending/);
    // Nothing of a refused file is kept.
    expect((await (await t.request('GET', '/v1/issues')).json()).items).toHaveLength(1);
    expect(t.sqlite.prepare('SELECT count(*) FROM links').pluck().get()).toBe(4);
  });

  it.each([
    ['no front matter', '# Old times\n', 1, /front matter/],
    ['no subject', '---\ntitle: 2024-05-03\n---\n\nOld times\n\n---\n', 5, /# Subject/],
    ['garbage', '\u0000\u0001 binary?', 1, /line break at the end|front matter/],
    ['an item without a page', `${head}---\n\n## Links\n- Nothing linked here.\n`, 10, /an item with a link/],
    ['the same page twice', `${head}---\n\n## Links\n- [a](https://example.org/a)\n- [again](https://www.example.org/a/)\n`, 11, /the page of line 10/],
    ['a URL no link may have', `${head}---\n\n## Links\n- [a](https://user:pw@example.org/a)\n`, 10, /user name or password/],
  ])('answers 422 naming the line for %s', async (_what, markdown, line, message) => {
    const res = await importIssue(t, markdown);
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ type: 'urn:linkletter:problem:validation', line, errors: [{ path: `line ${line}`, code: 'markdown_format' }] });
    expect(problem.detail).toMatch(new RegExp(`^Line ${line}: `));
    expect(problem.detail).toMatch(message);
  });

  it('imports an issue without items (it was published once) and one with a byte order mark is refused at line 1', async () => {
    const md = `${head}**Hi,**\n\n---\n\nNothing this week.\n`;
    expect((await imported(md)).status).toBe('published');
    expect(await markdownOf(1)).toBe(md);
    expect((await problemOf(await importIssue(t, `\uFEFF${md}`))).line).toBe(1);
  });

  it('takes only text/markdown, in UTF-8', async () => {
    const json = await t.request('POST', '/v1/issues/import', { body: { markdown: DESIGN_MARKDOWN } });
    expect(json.status).toBe(415);
    expect((await problemOf(json)).detail).toBe('Send the issue as text/markdown.');
    expect((await t.request('POST', '/v1/issues/import', { body: DESIGN_MARKDOWN, headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const latin1 = await t.app.request('/v1/issues/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.editor}`, 'content-type': 'text/markdown' },
      body: Buffer.from(`${head}---\n\ncaf\xe9\n`, 'latin1'),
    });
    expect(latin1.status).toBe(422);
    expect((await problemOf(latin1)).detail).toBe('Line 9: expected text in UTF-8.');
  });

  it('takes a file over 64 KiB, and refuses one over 1 MiB with 413', async () => {
    const items = Array.from({ length: 600 }, (_, i) => `- [Item ${i}](https://example.org/items/${i}) - ${'A blurb of some length. '.repeat(4).trim()}`);
    const md = `${head}---\n\n## Links\n${items.join('\n')}\n`;
    expect(Buffer.byteLength(md)).toBeGreaterThan(64 * 1024);
    await imported(md);
    expect(await markdownOf(1)).toBe(md);
    expect((await importIssue(t, md.repeat(16))).status).toBe(413);
  });

  it('property: random issues rendered to Markdown import and render back byte for byte, published and as drafts', async () => {
    await fc.assert(
      fc.asyncProperty(randomIssue(true), fc.boolean(), async ({ issue, newsletter }, draft) => {
        const markdown = renderMarkdown(issue, newsletter);
        const app = await createTestApp();
        try {
          await imported(markdown, draft ? '?draft=true' : '', app);
          expect(await markdownOf(1, app)).toBe(markdown);
          if (!draft) expect(frozenMarkdown(1, app)).toBe(markdown);
        } finally {
          await app.close();
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
