/** DESIGN.md's example issue, shared by the API and renderer tests. */
import type { Credit, RenderIssue, RenderItem, Text } from '../../src/issues/issue-model.js';
import type { NewsletterSettings } from '../../src/newsletter/newsletter.schemas.js';

export const trusted = (value: string): Text => ({ value, trusted: true });
export const untrusted = (value: string): Text => ({ value, trusted: false });

export function linkItem(linkId: number, title: Text, url: string, blurb: Text | null = null, credit: Credit | null = null): RenderItem {
  return { type: 'link', linkId, title, url, blurb, credit };
}

/**
 * The example's newsletter settings, as sent to `PUT /v1/newsletter`. The base URL keeps its
 * trailing slash on purpose (the API trims it); renderers expect it trimmed, so spread and override.
 */
export const DESIGN_NEWSLETTER: NewsletterSettings = {
  name: 'Postgres Weekly',
  greeting: 'Hello Postgres people,',
  intro: 'Another week, another pile of links.',
  submissionCall: 'Send us links: [email](mailto:links@example.org).',
  signoff: 'Thanks for reading!',
  baseUrl: 'https://news.example.org/',
  sections: [
    { name: 'Highlights', featured: true },
    { name: 'Tools', featured: false },
  ],
};

/** The example issue as the renderers see it (a fresh object each call). */
export function designRenderIssue(): RenderIssue {
  return {
    number: 12,
    date: '2025-03-07',
    subject: 'Vacuuming the warehouse',
    note: null,
    quote: { text: 'Measure twice, migrate once.', author: 'Ada Lovelace', url: 'https://example.org/ada' },
    status: 'published',
    publishedAt: '2025-03-07T09:00:00.000Z',
    sections: [
      {
        name: 'Highlights',
        featured: true,
        items: [
          linkItem(1, trusted('Autovacuum tuning'), 'https://example.org/autovacuum', trusted('A field guide.'), {
            name: trusted('Bob'),
            url: 'https://example.org/bob',
          }),
        ],
      },
      {
        name: 'Tools',
        featured: false,
        items: [
          linkItem(2, trusted('pgtool'), 'https://example.org/pgtool', trusted('Inspect bloat.')),
          { type: 'markdown', linkId: 3, markdown: 'Read [the release notes](https://example.org/notes) before upgrading.' },
        ],
      },
    ],
  };
}

/** The example's Markdown, exactly as DESIGN.md gives it. */
export const DESIGN_MARKDOWN = `---
title: 2025-03-07
---

# Vacuuming the warehouse

**Hello Postgres people,**

Another week, another pile of links.

---

Send us links: [email](mailto:links@example.org).

**Quote of the day:**

> Measure twice, migrate once.  
> — <small>[Ada Lovelace](https://example.org/ada)</small>

## Highlights
- [**Autovacuum tuning**](https://example.org/autovacuum) - A field guide. — <small>[Bob](https://example.org/bob)</small>

## Tools
- [pgtool](https://example.org/pgtool) - Inspect bloat.
- Read [the release notes](https://example.org/notes) before upgrading.

Thanks for reading!
`;
