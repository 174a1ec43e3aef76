import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/issues/render-markdown.js';

// The README shows what an issue's Markdown looks like; this keeps that example true.
const README = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const trusted = (value: string) => ({ value, trusted: true });

describe('the README', () => {
  it('shows an issue exactly as the renderer writes it', () => {
    const example = /```markdown\n([\s\S]*?)```/.exec(README)?.[1];
    expect(example).toBeDefined();
    const rendered = renderMarkdown(
      {
        number: 1,
        date: '2026-11-27',
        subject: 'Logs ahead of writes',
        note: null,
        quote: null,
        status: 'draft',
        publishedAt: null,
        sections: [
          {
            name: 'Highlights',
            featured: true,
            items: [
              {
                type: 'link',
                linkId: 1,
                title: trusted('Write-Ahead Logging'),
                url: 'https://sqlite.org/wal.html',
                blurb: trusted('How SQLite gets concurrent readers and a writer.'),
                credit: { name: trusted('D. Richard Hipp'), url: 'https://sqlite.org' },
              },
            ],
          },
          {
            name: 'Tools',
            featured: false,
            items: [{ type: 'link', linkId: 2, title: trusted('pgtool'), url: 'https://example.org/pgtool', blurb: trusted('Inspect bloat.'), credit: null }],
          },
        ],
      },
      {
        name: 'SQLite Weekly',
        greeting: 'Hello SQLite people,',
        intro: 'Another week, another pile of links.',
        submissionCall: 'Send us links!',
        signoff: 'Thanks for reading!',
        baseUrl: 'https://news.example.org',
        sections: [],
      },
    );
    expect(rendered).toBe(example);
  });
});
