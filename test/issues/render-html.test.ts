import { describe, expect, it } from 'vitest';
import { parse, parseFragment } from 'parse5';
import { escapeHtml } from '../../src/issues/escape.js';
import { renderIssueHtmlFragment, renderIssueHtmlPage } from '../../src/issues/render-html.js';
import type { RenderIssue } from '../../src/issues/issue-model.js';
import type { NewsletterSettings } from '../../src/newsletter/newsletter.schemas.js';
import { DESIGN_NEWSLETTER, designRenderIssue, linkItem, trusted, untrusted } from '../helpers/design-example.js';
import { attr, elements, textContent, type Element, type Node } from '../helpers/html.js';


const newsletter: NewsletterSettings = { ...DESIGN_NEWSLETTER, name: 'Postgres Weekly-ish', baseUrl: 'https://news.example.org' };

/** The design example with a note and an empty section between the two (which renders nothing). */
function designIssue(): RenderIssue {
  const issue = designRenderIssue();
  const [highlights, tools] = issue.sections;
  return { ...issue, note: 'A *short* note.', sections: [highlights!, { name: 'Empty', featured: false, items: [] }, tools!] };
}

function children(el: Element): Element[] {
  return el.childNodes.filter((n): n is Element => 'tagName' in n);
}

function byTag(root: Node, tag: string): Element[] {
  return elements(root).filter((e) => e.tagName === tag);
}

const DANGEROUS_TAGS = ['script', 'img', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'input', 'video', 'audio', 'base', 'link', 'frame', 'frameset'];

function assertSafe(root: Node): void {
  for (const el of elements(root)) {
    expect(DANGEROUS_TAGS, `<${el.tagName}>`).not.toContain(el.tagName);
    for (const a of el.attrs) {
      expect(a.name.toLowerCase().startsWith('on'), `${a.name} on <${el.tagName}>`).toBe(false);
      if (a.name === 'href' || a.name === 'src' || a.name === 'action' || a.name === 'formaction') {
        expect(a.value).toMatch(/^(https?:\/\/|mailto:)/i);
      }
    }
  }
}

describe('renderIssueHtmlPage', () => {
  it('is a complete, standalone page with the issue in Markdown order', () => {
    const html = renderIssueHtmlPage(designIssue(), newsletter);
    expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
    const doc = parse(html, { onParseError: (e) => expect.fail(`parse error ${e.code} at ${e.startLine}:${e.startCol}`) });
    expect(doc.mode).toBe('no-quirks');

    const htmlEl = byTag(doc, 'html')[0]!;
    expect(attr(htmlEl, 'lang')).toBe('en');
    const metas = byTag(doc, 'meta');
    expect(metas.some((m) => attr(m, 'charset') === 'utf-8')).toBe(true);
    expect(metas.some((m) => attr(m, 'name') === 'viewport' && attr(m, 'content')?.includes('width=device-width'))).toBe(true);
    expect(textContent(byTag(doc, 'title')[0]!)).toBe('Vacuuming the warehouse — Postgres Weekly-ish');
    expect(byTag(doc, 'style')).toHaveLength(1);

    const article = byTag(doc, 'article')[0]!;
    const order = children(article).map((e) => e.tagName);
    expect(order).toEqual(['h1', 'p', 'p', 'hr', 'p', 'p', 'p', 'blockquote', 'section', 'section', 'p']);
    const [h1, greeting, intro, , note, call, quoteLabel, quote, highlights, tools, signoff] = children(article);
    expect(textContent(h1!)).toBe('Vacuuming the warehouse');
    expect(byTag(greeting!, 'strong')).toHaveLength(1);
    expect(textContent(greeting!)).toBe('Hello Postgres people,');
    expect(textContent(intro!)).toBe('Another week, another pile of links.');
    expect(byTag(note!, 'em').map(textContent)).toEqual(['short']);
    expect(byTag(call!, 'a').map((a) => attr(a, 'href'))).toEqual(['mailto:links@example.org']);
    expect(textContent(quoteLabel!)).toBe('Quote of the day:');
    expect(textContent(quote!).replace(/\s+/g, ' ').trim()).toBe('Measure twice, migrate once. — Ada Lovelace');
    expect(byTag(quote!, 'a').map((a) => attr(a, 'href'))).toEqual(['https://example.org/ada']);
    expect(textContent(signoff!)).toBe('Thanks for reading!');

    expect(byTag(highlights!, 'h2').map(textContent)).toEqual(['Highlights']);
    const featured = byTag(highlights!, 'li');
    expect(featured).toHaveLength(1);
    expect(textContent(featured[0]!)).toBe('Autovacuum tuning - A field guide. — Bob');
    expect(byTag(featured[0]!, 'a').map((a) => attr(a, 'href'))).toEqual(['https://example.org/autovacuum', 'https://example.org/bob']);
    expect(textContent(byTag(featured[0]!, 'a')[0]!.childNodes[0]!)).toBe('Autovacuum tuning');
    expect((byTag(featured[0]!, 'a')[0]!.childNodes[0] as Element).tagName).toBe('strong');
    expect(byTag(featured[0]!, 'small').flatMap((s) => byTag(s, 'a')).map(textContent)).toEqual(['Bob']);

    expect(byTag(tools!, 'h2').map(textContent)).toEqual(['Tools']);
    expect(byTag(tools!, 'ul')).toHaveLength(1);
    expect(byTag(tools!, 'li').map(textContent)).toEqual(['pgtool - Inspect bloat.', 'Read the release notes before upgrading.']);
    expect(byTag(tools!, 'a').map((a) => attr(a, 'href'))).toEqual(['https://example.org/pgtool', 'https://example.org/notes']);
    expect(html).not.toContain('Empty');
    assertSafe(doc);
  });

  it('is deterministic', () => {
    expect(renderIssueHtmlPage(designIssue(), newsletter)).toBe(renderIssueHtmlPage(designIssue(), newsletter));
    expect(renderIssueHtmlFragment(designIssue(), newsletter)).toBe(renderIssueHtmlFragment(designIssue(), newsletter));
  });
});

describe('renderIssueHtmlFragment', () => {
  it('is the article of the page and leaves out absent parts', () => {
    const issue: RenderIssue = { ...designIssue(), note: null, quote: null };
    const fragment = renderIssueHtmlFragment(issue, { ...newsletter, intro: '', greeting: '  ' });
    expect(renderIssueHtmlPage(issue, { ...newsletter, intro: '', greeting: '  ' })).toContain(fragment);
    expect(fragment.endsWith('</article>\n')).toBe(true);
    const article = children(parseFragment(fragment) as unknown as Element)[0]!;
    expect(children(article).map((e) => e.tagName)).toEqual(['h1', 'hr', 'p', 'section', 'section', 'p']);
    expect(fragment).not.toContain('Quote of the day');
  });

  it('renders quotes without author, authors without URL, credits without URL', () => {
    const issue: RenderIssue = {
      ...designIssue(),
      quote: { text: 'Line one\nline two\n\nSecond paragraph.', author: null, url: 'https://example.org/q' },
      sections: [{ name: 'S', featured: false, items: [linkItem(1, trusted('t'), 'https://example.org/t', null, { name: trusted('Carol'), url: null })] }],
    };
    const frag = parseFragment(renderIssueHtmlFragment(issue, newsletter));
    const quote = byTag(frag, 'blockquote')[0]!;
    expect(byTag(quote, 'p')).toHaveLength(2);
    expect(byTag(quote, 'a')).toHaveLength(0);
    expect(byTag(frag, 'li').map(textContent)).toEqual(['t — Carol']);
    expect(byTag(byTag(frag, 'li')[0]!, 'a')).toHaveLength(1);

    const noUrl = parseFragment(renderIssueHtmlFragment({ ...issue, quote: { text: 'Q', author: 'Grace', url: null } }, newsletter));
    const q2 = byTag(noUrl, 'blockquote')[0]!;
    expect(textContent(q2).replace(/\s+/g, ' ').trim()).toBe('Q — Grace');
    expect(byTag(q2, 'a')).toHaveLength(0);
  });

  it('shows hostile untrusted text only as text', () => {
    const hostile = [
      'x](javascript:alert(1)) <script>alert(1)</script>',
      '![img](http://evil/x.png)',
      '<img src=x onerror=alert(1)>',
      '[a](b)',
      '"><iframe src=javascript:alert(1)></iframe>',
      "' onmouseover='alert(1)",
      '<a href="javascript:alert(1)">click</a>',
      '&lt;script&gt; &#60;img&#62;',
    ];
    for (const evil of hostile) {
      const issue: RenderIssue = {
        ...designIssue(),
        sections: [
          {
            name: 'Highlights',
            featured: true,
            items: [linkItem(1, untrusted(evil), 'https://example.org/1', untrusted(evil), { name: untrusted(evil), url: 'https://example.org/c' })],
          },
          {
            name: 'Tools',
            featured: false,
            items: [
              linkItem(2, untrusted(`${evil}\n\nsecond line`), 'https://example.org/2', untrusted(evil), { name: untrusted(evil), url: null }),
              linkItem(3, untrusted(evil), 'javascript:alert(1)'),
            ],
          },
        ],
      };
      const doc = parse(renderIssueHtmlPage(issue, newsletter));
      assertSafe(doc);
      const lis = byTag(doc, 'li');
      expect(lis).toHaveLength(3);
      expect(textContent(lis[0]!)).toBe(`${evil} - ${evil} — ${evil}`);
      expect(textContent(lis[1]!)).toBe(`${evil} second line - ${evil} — ${evil}`);
      expect(textContent(lis[2]!)).toBe(evil);
      expect(byTag(doc, 'article').flatMap((a) => byTag(a, 'a')).map((a) => attr(a, 'href'))).toEqual([
        'mailto:links@example.org',
        'https://example.org/ada',
        'https://example.org/1',
        'https://example.org/c',
        'https://example.org/2',
      ]);
    }
  });

  it('renders editor Markdown but never editor raw HTML or unsafe links', () => {
    const issue: RenderIssue = {
      ...designIssue(),
      note: 'Some *emphasis* and <script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [bad](javascript:alert(1)) [ok](https://example.org/ok) ![pic](data:image/png;base64,AAAA)',
      sections: [
        {
          name: 'Tools',
          featured: false,
          items: [
            linkItem(1, trusted('*Fancy* [nested](https://example.org/n)'), 'https://example.org/1', trusted('A **bold** blurb <b onclick=x>hi</b>'), {
              name: trusted('_Carol_'),
              url: 'https://example.org/carol',
            }),
            { type: 'markdown', linkId: 2, markdown: 'See [this](https://example.org/x)\nand <iframe src=x></iframe>' },
          ],
        },
      ],
    };
    const html = renderIssueHtmlPage(issue, newsletter);
    const doc = parse(html);
    assertSafe(doc);
    const article = byTag(doc, 'article')[0]!;
    expect(byTag(article, 'em').map(textContent)).toEqual(['emphasis', 'Fancy', 'Carol']);
    expect(byTag(article, 'strong').map(textContent)).toContain('bold');
    expect(textContent(article)).toContain('<script>alert(1)</script>');
    expect(textContent(article)).toContain('<b onclick=x>hi</b>');
    expect(textContent(article)).toContain('<iframe src=x></iframe>');
    expect(textContent(article)).toContain('[bad](javascript:alert(1))');
    // No link inside a link: the title's own link is shown as text.
    for (const a of byTag(article, 'a')) expect(byTag(a, 'a').filter((inner) => inner !== a)).toHaveLength(0);
    expect(byTag(article, 'a').map((a) => attr(a, 'href'))).toEqual([
      'https://example.org/ok',
      'mailto:links@example.org',
      'https://example.org/ada',
      'https://example.org/1',
      'https://example.org/carol',
      'https://example.org/x',
    ]);
    const lis = byTag(article, 'li');
    expect(textContent(lis[1]!)).toBe('See this\nand <iframe src=x></iframe>');
  });

  it('escapes href attributes', () => {
    const issue: RenderIssue = {
      ...designIssue(),
      sections: [{ name: 'S', featured: false, items: [linkItem(1, trusted('t'), 'https://example.org/?a=1&b="x"\'<y>')] }],
    };
    const fragment = renderIssueHtmlFragment(issue, newsletter);
    expect(fragment).toContain('<a href="https://example.org/?a=1&amp;b=&quot;x&quot;&#39;&lt;y&gt;">t</a>');
    expect(attr(byTag(parseFragment(fragment), 'li').flatMap((li) => byTag(li, 'a'))[0]!, 'href')).toBe('https://example.org/?a=1&b="x"\'<y>');
  });
});

describe('escapeHtml', () => {
  it('escapes & < > " \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('plain text')).toBe('plain text');
  });
});
