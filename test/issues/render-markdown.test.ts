import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { parseFragment } from 'parse5';
import { renderMarkdown } from '../../src/issues/render-markdown.js';
import { escapeMarkdownText, markdownLinkDestination } from '../../src/issues/escape.js';
import type { RenderIssue } from '../../src/issues/issue-model.js';
import type { NewsletterSettings } from '../../src/newsletter/newsletter.schemas.js';
import { DESIGN_MARKDOWN, DESIGN_NEWSLETTER, designRenderIssue, linkItem, trusted, untrusted } from '../helpers/design-example.js';
import { attr, elements, textContent, type Element } from '../helpers/html.js';


const newsletter: NewsletterSettings = { ...DESIGN_NEWSLETTER, name: 'Postgres Weekly-ish', baseUrl: 'https://news.example.org' };

/** Markdown → HTML as strictly as possible: raw HTML allowed, so any escaping gap would show. */
const strictMd = new MarkdownIt({ html: true, linkify: false });

/** Renders the Markdown to HTML and asserts nothing live came out of it but the expected links. */
function assertInert(markdown: string, expectedHrefs: string[]): Element[] {
  const html = strictMd.render(markdown);
  const els = elements(parseFragment(html));
  const tags = new Set(els.map((e) => e.tagName));
  for (const bad of ['script', 'img', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'form', 'input', 'video', 'audio', 'base', 'link', 'meta']) {
    expect(tags.has(bad), `<${bad}> in ${html}`).toBe(false);
  }
  for (const el of els) {
    for (const a of el.attrs) expect(a.name.startsWith('on'), `${a.name} on <${el.tagName}> in ${html}`).toBe(false);
  }
  const anchors = els.filter((e) => e.tagName === 'a');
  for (const a of anchors) expect(attr(a, 'href') ?? '').toMatch(/^https?:\/\//);
  expect(anchors.map((a) => attr(a, 'href'))).toEqual(expectedHrefs);
  return els;
}

function issueWith(sections: RenderIssue['sections'], extra: Partial<RenderIssue> = {}): RenderIssue {
  return {
    number: 1,
    date: '2025-01-03',
    subject: 'Issue one',
    note: null,
    quote: null,
    status: 'draft',
    publishedAt: null,
    sections,
    ...extra,
  };
}

const plainNewsletter: NewsletterSettings = { ...newsletter, submissionCall: 'Send us links.' };

/** The lines of the sections part of a rendering (between the rule block and the signoff). */
function body(md: string): string {
  const start = md.indexOf('\n## ');
  const end = md.lastIndexOf('\n\nThanks for reading!');
  return md.slice(start + 1, end);
}

describe('renderMarkdown', () => {
  it('reproduces the example of DESIGN.md byte for byte', () => {
    expect(renderMarkdown(designRenderIssue(), newsletter)).toBe(DESIGN_MARKDOWN);
  });

  it('is deterministic', () => {
    const a = renderMarkdown(designRenderIssue(), newsletter);
    const b = renderMarkdown(designRenderIssue(), newsletter);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('ends with exactly one newline and separates blocks by exactly one blank line', () => {
    const md = renderMarkdown({ ...designRenderIssue(), note: 'A note.\n\n\n' }, { ...newsletter, signoff: 'Bye!\n\n' });
    expect(md.endsWith('Bye!\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
    expect(md).not.toMatch(/\n\n\n/);
  });

  it('leaves out the quote and the note when there are none, and renders a note before the submission call', () => {
    const none = renderMarkdown({ ...designRenderIssue(), quote: null }, newsletter);
    expect(none).not.toContain('Quote of the day');
    expect(none).toContain('---\n\nSend us links: [email](mailto:links@example.org).\n\n## Highlights\n');

    const withNote = renderMarkdown({ ...designRenderIssue(), quote: null, note: 'Short issue this week.\r\nBack soon.' }, newsletter);
    expect(withNote).toContain('---\n\nShort issue this week.\nBack soon.\n\nSend us links: [email](mailto:links@example.org).\n\n## Highlights\n');
  });

  it('skips empty sections and empty newsletter strings', () => {
    const issue = issueWith([
      { name: 'Empty', featured: true, items: [] },
      { name: 'Tools', featured: false, items: [linkItem(1, trusted('pgtool'), 'https://example.org/pgtool')] },
      { name: 'Blank markdown only', featured: false, items: [{ type: 'markdown', linkId: 2, markdown: '  \n ' }] },
    ]);
    const md = renderMarkdown(issue, { ...newsletter, intro: '', submissionCall: '  ', greeting: '' });
    expect(md).toBe(
      ['---\ntitle: 2025-01-03\n---', '# Issue one', '---', '## Tools\n- [pgtool](https://example.org/pgtool)', 'Thanks for reading!'].join('\n\n') + '\n',
    );
    expect(md).not.toContain('Empty');
    expect(md).not.toContain('Blank markdown only');
  });

  it('renders items with their own Markdown as written, further lines indented into the list item', () => {
    const issue = issueWith([
      {
        name: 'Tools',
        featured: true,
        items: [{ type: 'markdown', linkId: 1, markdown: 'Read *[the notes](https://example.org/n)*\nand   `upgrade`.' }],
      },
    ]);
    expect(body(renderMarkdown(issue, plainNewsletter))).toBe('## Tools\n- Read *[the notes](https://example.org/n)*\n  and   `upgrade`.');
  });

  it('renders links without blurb or credit, and credits without a URL', () => {
    const issue = issueWith([
      {
        name: 'Highlights',
        featured: true,
        items: [
          linkItem(1, trusted('Bare featured'), 'https://example.org/a'),
          linkItem(2, trusted('No-URL credit'), 'https://example.org/b', null, { name: trusted('Carol'), url: null }),
          linkItem(3, trusted('Typed URL'), 'https://example.org/c', trusted('Blurb.'), { name: trusted('Dan'), url: 'https://example.org' }),
        ],
      },
      {
        name: 'Tools',
        featured: false,
        items: [
          linkItem(4, trusted('bare'), 'https://example.org/d'),
          linkItem(5, trusted('credited'), 'http://example.org/e', null, { name: trusted('Eve'), url: 'https://example.org/eve' }),
          linkItem(6, trusted('blank blurb'), 'https://example.org/f', untrusted(' \n\t ')),
        ],
      },
    ]);
    expect(body(renderMarkdown(issue, plainNewsletter))).toBe(
      [
        '## Highlights',
        '- [**Bare featured**](https://example.org/a)',
        '- [**No-URL credit**](https://example.org/b) — <small>Carol</small>',
        '- [**Typed URL**](https://example.org/c) - Blurb. — <small>[Dan](https://example.org)</small>',
        '',
        '## Tools',
        '- [bare](https://example.org/d)',
        '- [credited](http://example.org/e) — <small>[Eve](https://example.org/eve)</small>',
        '- [blank blurb](https://example.org/f)',
      ].join('\n'),
    );
  });

  it('renders a quote without author, an author without URL, and a multi-line quote', () => {
    const render = (quote: RenderIssue['quote']) => {
      const md = renderMarkdown(issueWith([], { quote }), plainNewsletter);
      return md.slice(md.indexOf('**Quote of the day:**'), md.indexOf('\n\nThanks for reading!'));
    };
    expect(render({ text: 'No one said this.', author: null, url: 'https://example.org/x' })).toBe('**Quote of the day:**\n\n> No one said this.');
    expect(render({ text: 'No one said this.', author: '  ', url: null })).toBe('**Quote of the day:**\n\n> No one said this.');
    expect(render({ text: 'Said by someone.', author: 'Grace Hopper', url: null })).toBe(
      '**Quote of the day:**\n\n> Said by someone.  \n> — <small>Grace Hopper</small>',
    );
    expect(render({ text: 'First line,\nsecond line.\n\nNew paragraph.\n', author: 'Ada', url: 'https://example.org/ada' })).toBe(
      '**Quote of the day:**\n\n> First line,\n> second line.\n>\n> New paragraph.  \n> — <small>[Ada](https://example.org/ada)</small>',
    );
    expect(render({ text: 'Line one\r\nline two', author: null, url: null })).toBe('**Quote of the day:**\n\n> Line one\n> line two');
    expect(render({ text: ' \n ', author: 'Nobody', url: null })).toBe('');
  });

  it('renders the attribution of a multi-line quote inside the blockquote, after a line break', () => {
    const md = renderMarkdown(issueWith([], { quote: { text: 'a\n\nb', author: 'Ada', url: 'https://example.org/ada' } }), plainNewsletter);
    const html = strictMd.render(md);
    expect(html).toContain('<blockquote>\n<p>a</p>\n<p>b<br>\n— <small><a href="https://example.org/ada">Ada</a></small></p>\n</blockquote>');
  });

  it('keeps credit and quote URLs exactly as stored', () => {
    const issue = issueWith(
      [
        {
          name: 'Tools',
          featured: false,
          items: [linkItem(1, trusted('t'), 'https://Example.org/Path?b=2&a=1#frag', null, { name: trusted('C'), url: 'https://example.org' })],
        },
      ],
      { quote: { text: 'q', author: 'A', url: 'HTTPS://example.org' } },
    );
    const md = renderMarkdown(issue, plainNewsletter);
    expect(md).toContain('- [t](https://Example.org/Path?b=2&a=1#frag) — <small>[C](https://example.org)</small>');
    expect(md).toContain('> — <small>[A](HTTPS://example.org)</small>');
  });

  it('encodes only what would break a link destination', () => {
    expect(markdownLinkDestination('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(markdownLinkDestination('https://example.org/a)b')).toBe('https://example.org/a%29b');
    expect(markdownLinkDestination('https://example.org/a b<c>')).toBe('https://example.org/a%20b%3Cc%3E');
    expect(markdownLinkDestination('https://example.org/?q=&amp;x&y')).toBe('https://example.org/?q=\\&amp;x&y');
    const urls = [
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      'https://example.org/a)b(',
      'https://example.org/?q=&amp;&#x41;&y=1',
      'https://example.org/back\\slash\\)',
      'https://example.org/*stars*_under_',
    ];
    for (const url of urls) {
      const issue = issueWith([{ name: 'S', featured: false, items: [linkItem(1, trusted('t'), url)] }]);
      const els = elements(parseFragment(strictMd.render(renderMarkdown(issue, plainNewsletter))));
      const a = els.filter((e) => e.tagName === 'a');
      expect(a).toHaveLength(1);
      // markdown-it percent-encodes for HTML output; decoding gives back the stored URL.
      expect(decodeURI(attr(a[0]!, 'href')!)).toBe(decodeURI(url.replace(/\\/g, '%5C')));
    }
  });

  it('renders an item whose URL is not http(s) as plain text without a link', () => {
    const issue = issueWith([
      {
        name: 'Highlights',
        featured: true,
        items: [linkItem(1, trusted('*Click* me'), 'javascript:alert(1)', trusted('Blurb.'))],
      },
      {
        name: 'Tools',
        featured: false,
        items: [linkItem(2, untrusted('data'), 'data:text/html,<script>alert(1)</script>', null, { name: trusted('C'), url: 'javascript:alert(2)' })],
      },
    ]);
    const md = renderMarkdown(issue, plainNewsletter);
    expect(body(md)).toBe('## Highlights\n- **\\*Click\\* me** - Blurb.\n\n## Tools\n- data — <small>C</small>');
    assertInert(md, []);
  });

  it('falls back to the URL when a title renders empty', () => {
    const issue = issueWith([{ name: 'S', featured: false, items: [linkItem(1, untrusted(' \n '), 'https://example.org/x')] }]);
    expect(body(renderMarkdown(issue, plainNewsletter))).toBe('## S\n- [https\\:\\/\\/example\\.org\\/x](https://example.org/x)');
  });

  it('collapses newlines in titles and credit names; a blurb keeps its lines inside the item, the credit on its own line', () => {
    const issue = issueWith([
      {
        name: 'Tools',
        featured: false,
        items: [linkItem(1, trusted('Two\nlines'), 'https://example.org/x', trusted('A blurb  \r\n\r\n  over *lines*.'), { name: trusted('Ann\nB'), url: null })],
      },
    ]);
    expect(body(renderMarkdown(issue, plainNewsletter))).toBe('## Tools\n- [Two lines](https://example.org/x) - A blurb  \n\n    over *lines*.\n  — <small>Ann B</small>');
  });

  it('escapes every ASCII punctuation character of untrusted text and collapses whitespace', () => {
    expect(escapeMarkdownText(' a\n\tb\u0000c\r\n  ')).toBe('a b c');
    expect(escapeMarkdownText('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')).toBe(
      '\\!\\"\\#\\$\\%\\&\\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\`\\{\\|\\}\\~',
    );
  });

  describe('hostile untrusted text', () => {
    const hostile = [
      'x](javascript:alert(1)) <script>alert(1)</script>',
      '![img](http://evil/x.png)',
      '<img src=x onerror=alert(1)>',
      '[a](b)',
      'line one\n\n# heading\n<script>alert(1)</script>\n- [x](javascript:alert(1))',
      '<http://evil.example/autolink>',
      '<iframe src="https://evil.example"></iframe>',
      '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;',
      'trailing backslash \\',
      '`code` **bold** _em_ ~~strike~~',
      '[x]: https://evil.example/ref "t"\n[ref]',
      '<a href="javascript:alert(1)">click</a>',
      '</small><script>alert(1)</script><small>',
      ')](javascript:alert(1)',
    ];

    for (const evil of hostile) {
      it(`stays inert: ${JSON.stringify(evil)}`, () => {
        const issue = issueWith(
          [
            {
              name: 'Highlights',
              featured: true,
              items: [linkItem(1, untrusted(evil), 'https://example.org/1', untrusted(evil), { name: untrusted(evil), url: 'https://example.org/c1' })],
            },
            {
              name: 'Tools',
              featured: false,
              items: [
                linkItem(2, untrusted(evil), 'https://example.org/2', untrusted(evil), { name: untrusted(evil), url: null }),
                linkItem(3, untrusted(evil), 'https://example.org/3'),
              ],
            },
          ],
          { quote: null },
        );
        const md = renderMarkdown(issue, plainNewsletter);
        // One item = one line, whatever the text.
        expect(body(md).split('\n')).toHaveLength(2 + 1 + 1 + 2);
        const els = assertInert(md, ['https://example.org/1', 'https://example.org/c1', 'https://example.org/2', 'https://example.org/3']);
        const collapsed = evil.replace(/\s+/g, ' ').trim();
        const anchors = els.filter((e) => e.tagName === 'a');
        // The hostile title shows up verbatim as the text of its link.
        expect(textContent(anchors[0]!)).toBe(collapsed);
        expect(textContent(anchors[2]!)).toBe(collapsed);
        expect(textContent(anchors[3]!)).toBe(collapsed);
        expect(textContent(anchors[1]!)).toBe(collapsed);
      });
    }

    it('property: arbitrary untrusted text renders as its own text, never as markup', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...'[]()<>!*_`\\&;#:/"\'=\n\t aZ09.-|~{}@'.split('')), maxLength: 60 }), fc.string({ maxLength: 40 }), (a, b) => {
          for (const value of [a, b, a + b]) {
            const issue = issueWith([
              {
                name: 'Highlights',
                featured: true,
                items: [linkItem(1, untrusted(`t${value}`), 'https://example.org/1', untrusted(value), { name: untrusted(`n${value}`), url: 'https://example.org/c' })],
              },
            ]);
            const md = renderMarkdown(issue, plainNewsletter);
            const els = assertInert(md, ['https://example.org/1', 'https://example.org/c']);
            const [title, credit] = els.filter((e) => e.tagName === 'a');
            expect(textContent(title!)).toBe(`t${value}`.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim());
            expect(textContent(credit!)).toBe(`n${value}`.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim());
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
