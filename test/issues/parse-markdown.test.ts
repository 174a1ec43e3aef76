import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarkdownFormatError, parseIssueMarkdown, renderParsed } from '../../src/issues/parse-markdown.js';
import { renderMarkdown } from '../../src/issues/render-markdown.js';
import { DESIGN_MARKDOWN } from '../helpers/design-example.js';
import { randomIssue } from '../helpers/random-issues.js';

function formatError(markdown: string): MarkdownFormatError {
  try {
    parseIssueMarkdown(markdown);
  } catch (err) {
    if (err instanceof MarkdownFormatError) return err;
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(markdown)}`);
}

const head = '---\ntitle: 2025-03-07\n---\n\n# Subject\n\n';

describe('parseIssueMarkdown', () => {
  it('reads DESIGN.md’s example: texts, quote, featured section, credit and a Markdown item', () => {
    const issue = parseIssueMarkdown(DESIGN_MARKDOWN);
    expect(issue).toMatchObject({
      date: '2025-03-07',
      subject: 'Vacuuming the warehouse',
      greeting: 'Hello Postgres people,',
      intro: 'Another week, another pile of links.',
      note: null,
      submissionCall: 'Send us links: [email](mailto:links@example.org).',
      quote: { text: 'Measure twice, migrate once.', author: 'Ada Lovelace', url: 'https://example.org/ada' },
      signoff: 'Thanks for reading!',
    });
    expect(issue.sections.map((s) => [s.name, s.featured, s.line])).toEqual([
      ['Highlights', true, 20],
      ['Tools', false, 23],
    ]);
    expect(issue.sections[0]!.items[0]).toMatchObject({
      line: 21,
      url: 'https://example.org/autovacuum',
      link: { title: 'Autovacuum tuning', blurb: 'A field guide.', credit: { name: 'Bob', url: 'https://example.org/bob' } },
    });
    expect(issue.sections[1]!.items[1]).toMatchObject({ line: 25, url: 'https://example.org/notes', link: null, markdown: 'Read [the release notes](https://example.org/notes) before upgrading.' });
    expect(renderParsed(issue)).toBe(DESIGN_MARKDOWN);
  });

  it('keeps escaped text as written, reads a bare-URL title as no title, and a credit without a URL', () => {
    const md = `${head}---\n\n## Links \\& more\n- [Write\\-Ahead \\*Logging\\*](https://example.org/wal) — <small>D\\. R\\. Hipp</small>\n- [https\\:\\/\\/example\\.org\\/bare](https://example.org/bare)\n`;
    const issue = parseIssueMarkdown(md);
    expect(issue.sections[0]!.name).toBe('Links & more');
    expect(issue.sections[0]!.items.map((i) => i.link)).toEqual([
      { title: 'Write\\-Ahead \\*Logging\\*', blurb: null, credit: { name: 'D\\. R\\. Hipp', url: null } },
      { title: null, blurb: null, credit: null },
    ]);
    expect(renderParsed(issue)).toBe(md);
  });

  it('reads a blurb over several lines with its credit on a line of its own, and keeps a non-item line as Markdown', () => {
    const md = `${head}---\n\n## Tools\n- [Run](https://example.org/run) -\n  \`\`\`sh\n  npm test\n\n  npm start\n  \`\`\`\n  — <small>[Ann](https://example.org/ann)</small>\n- Some words about [this](https://example.org/this).\n\nBye.\n`;
    const issue = parseIssueMarkdown(md);
    const [run, words] = issue.sections[0]!.items;
    expect(run!.link).toEqual({ title: 'Run', blurb: '```sh\nnpm test\n\nnpm start\n```', credit: { name: 'Ann', url: 'https://example.org/ann' } });
    expect(words).toMatchObject({ link: null, url: 'https://example.org/this', markdown: 'Some words about [this](https://example.org/this).' });
    expect(issue.signoff).toBe('Bye.');
    expect(renderParsed(issue)).toBe(md);
  });

  it('leaves out blocks that are not there: no greeting, intro, note, submission call, quote or sign-off', () => {
    const md = `${head}---\n\n## Tools\n- [a](https://example.org/a)\n`;
    expect(parseIssueMarkdown(md)).toMatchObject({ greeting: '', intro: '', note: null, submissionCall: '', quote: null, signoff: '' });
  });

  it('splits free text before the sections at the newsletter’s own submission call when it ends with it', () => {
    const md = `${head}---\n\nA note.\n\nIn two paragraphs.\n\nSend links!\n\n## Tools\n- [a](https://example.org/a)\n`;
    expect(parseIssueMarkdown(md)).toMatchObject({ note: 'A note.\n\nIn two paragraphs.', submissionCall: 'Send links!' });
    expect(parseIssueMarkdown(md, { submissionCall: 'In two paragraphs.\n\nSend links!' })).toMatchObject({ note: 'A note.', submissionCall: 'In two paragraphs.\n\nSend links!' });
    expect(parseIssueMarkdown(md, { submissionCall: '' })).toMatchObject({ note: 'A note.\n\nIn two paragraphs.\n\nSend links!', submissionCall: '' });
  });

  it('reads a quote without an author, and one whose author has no URL', () => {
    expect(parseIssueMarkdown(`${head}---\n\n**Quote of the day:**\n\n> Two\n>\n> lines\n`).quote).toEqual({ text: 'Two\n\nlines', author: null, url: null });
    expect(parseIssueMarkdown(`${head}---\n\n**Quote of the day:**\n\n> Hi  \n> — <small>Ada</small>\n`).quote).toEqual({ text: 'Hi', author: 'Ada', url: null });
  });

  it.each([
    ['', 1, /line break at the end/],
    ['garbage\n', 1, /front matter/],
    ['---\ntitle: 2025-02-30\n---\n', 2, /title: YYYY-MM-DD/],
    ['---\ntitle: 2025-03-07\n---\n\nSubject\n\n---\n', 5, /# Subject/],
    [`${head}no rule\n`, 7, /the rule/],
    [`${head}---\n\n## Tools\n- [a](https://example.org/a)\ntrailing words\n`, 11, /an item line/],
    [`${head}---\n\n## Tools & co\n- [a](https://example.org/a)\n`, 9, /## Tools \\& co/],
    [`${head}---\n\n## Tools\n-  [a](https://example.org/a)\n`, 10, /as linkletter writes it/],
    [`${head}---\n\n## Tools\n- [a](https://example.org/a)\n\n## Tools\n- [b](https://example.org/b)\n`, 12, /already the section of line 9/],
    [`${head}---\n\n## Tools\n- [a](https://example.org/a)\n\nWords.\n\n## More\n- [b](https://example.org/b)\n`, 12, /expected a section/],
    [`${head}---\n\nA call.  \n\n## Tools\n- [a](https://example.org/a)\n`, 9, /expected “A call\.” here, as linkletter writes this issue, found “A call\.  ”/],
    [`${head}---\n\nThe end.\n\n`, 10, /not a blank line/],
    [`${head.replace(/\n/g, '\r\n')}---\r\n`, 1, /“\\r”/],
  ])('refuses %j, naming line %i', (markdown, line, message) => {
    const err = formatError(markdown);
    expect(err.line).toBe(line);
    expect(err.message).toMatch(message);
  });

  it('property: any issue the renderer writes reads back to a reading that renders the same bytes', () => {
    fc.assert(
      fc.property(randomIssue(false), fc.boolean(), ({ issue, newsletter }, hinted) => {
        const markdown = renderMarkdown(issue, newsletter);
        const parsed = parseIssueMarkdown(markdown, hinted ? newsletter : {});
        expect(renderParsed(parsed)).toBe(markdown);
      }),
      { numRuns: 1500 },
    );
  });
});
