import { HtmlRenderer, Parser } from 'commonmark';
import { parseFragment } from 'parse5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { attr, type Node } from '../helpers/html.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// An issue's `.md` read by the reference CommonMark parser (commonmark.js) must have the
// structure of the `.html` the service renders: same elements in the same order, same text.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  expect((await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER })).status).toBe(200);
});
afterEach(async () => {
  await t.close();
});

/** Elements (with their href) and text, whitespace outside `<pre>` collapsed; `<article>`/`<section>` unwrapped. */
function skeleton(node: Node, inPre = false): string {
  if (node.nodeName === '#text') {
    const value = (node as { value: string }).value;
    return inPre ? JSON.stringify(value) : value.replace(/\s+/g, ' ').trim() === '' ? '' : JSON.stringify(value.replace(/\s+/g, ' ').trim());
  }
  if (!('childNodes' in node)) return '';
  const children = node.childNodes.map((child) => skeleton(child, inPre || node.nodeName === 'pre')).filter((s) => s !== '');
  if (!('tagName' in node) || node.tagName === 'article' || node.tagName === 'section') return children.join(' ');
  const href = attr(node, 'href');
  return `<${node.tagName}${href === undefined ? '' : ` ${href}`}>${children.join(' ')}</${node.tagName}>`;
}

function commonmarkSkeleton(markdown: string): string {
  const withoutFrontMatter = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  return skeleton(parseFragment(new HtmlRenderer().render(new Parser().parse(withoutFrontMatter))));
}

function htmlSkeleton(page: string): string {
  const article = /<article class="issue">[\s\S]*<\/article>/.exec(page)?.[0];
  expect(article).toBeDefined();
  return skeleton(parseFragment(article as string));
}

async function addItem(number: number, body: Record<string, unknown>) {
  const res = await t.request('POST', `/v1/issues/${number}/items`, { body });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function renders(number: number) {
  const md = await (await t.request('GET', `/v1/issues/${number}.md`)).text();
  const html = await (await t.request('GET', `/v1/issues/${number}.html`)).text();
  return { md, html, commonmark: commonmarkSkeleton(md), ours: htmlSkeleton(html) };
}

describe('an issue’s Markdown and HTML', () => {
  it('have the same structure with an own intro, fenced code in the intro, a blurb and an item, and Markdown that starts with `- `', async () => {
    const intro = 'This week is about *code*:\n\n```sql\nSELECT 1;\n\n-- and a blank line above\n```';
    expect((await t.request('POST', '/v1/issues', { body: { date: '2026-02-06', subject: 'Code week', intro } })).status).toBe(201);
    const a = await t.createLink({ url: 'https://example.com/a', title: 'Install it', credit: { name: 'Ann', url: 'https://example.com/ann' } });
    const b = await t.createLink({ url: 'https://example.com/b', title: 'Nested' });
    const c = await t.createLink({ url: 'https://example.com/c', title: 'Fenced first' });
    const d = await t.createLink({ url: 'https://example.com/d', title: 'Plain', blurb: 'One line.' });
    await addItem(1, { linkId: a.id, section: 'Highlights', blurb: 'Run this:\n```sh\nnpm install\n\nnpm test\n```' });
    await addItem(1, { linkId: b.id, section: 'Tools', markdown: '- a nested [list](https://example.com/b)\n- of two' });
    await addItem(1, { linkId: c.id, section: 'Tools', markdown: '```js\nconst x = "<b>";\n```' });
    await addItem(1, { linkId: d.id, section: 'Tools' });

    const { md, commonmark, ours } = await renders(1);
    expect(md).toContain('- [**Install it**](https://example.com/a) - Run this:\n  ```sh\n  npm install\n\n  npm test\n  ```\n  — <small>[Ann](https://example.com/ann)</small>');
    expect(md).toContain('- - a nested [list](https://example.com/b)\n  - of two');
    expect(ours).toBe(commonmark);
    // The code blocks are code blocks in both, inside their list items.
    expect(commonmark).toContain('<li><a https://example.com/a><strong>"Install it"</strong></a> "- Run this:" <pre><code>"npm install\\n\\nnpm test\\n"</code></pre>');
    expect(commonmark).toContain('<li><ul><li>"a nested" <a https://example.com/b>"list"</a></li> <li>"of two"</li></ul></li>');
    expect(commonmark).toContain('<li><pre><code>"const x = \\"<b>\\";\\n"</code></pre></li>');
    expect(commonmark).toContain('<pre><code>"SELECT 1;\\n\\n-- and a blank line above\\n"</code></pre>');
  });

  it('agree on a loose list: an item of two paragraphs makes every item of its section a paragraph', async () => {
    expect((await t.request('POST', '/v1/issues', { body: { date: '2026-02-13', subject: 'Loose' } })).status).toBe(201);
    const a = await t.createLink({ url: 'https://example.com/a', title: 'Two paragraphs' });
    const b = await t.createLink({ url: 'https://example.com/b', title: 'One line', blurb: 'Short.' });
    const c = await t.createLink({ url: 'https://example.com/c', title: 'Blurb opens with a list' });
    await addItem(1, { linkId: a.id, section: 'Tools', markdown: 'First paragraph.\n\nSecond paragraph.' });
    await addItem(1, { linkId: b.id, section: 'Tools' });
    await addItem(1, { linkId: c.id, section: 'Highlights', blurb: '* one\n* two' });

    const { md, commonmark, ours } = await renders(1);
    expect(md).toContain('- [**Blurb opens with a list**](https://example.com/c) -\n  * one\n  * two');
    expect(ours).toBe(commonmark);
    expect(commonmark).toContain('<ul><li><p>"First paragraph."</p> <p>"Second paragraph."</p></li> <li><p><a https://example.com/b>"One line"</a> "- Short."</p></li></ul>');
  });
});
