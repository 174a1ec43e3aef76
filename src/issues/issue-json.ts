import type { z } from '@hono/zod-openapi';
import type { IssueSchema, IssueSummarySchema } from './issues.schemas.js';
import type { NewsletterSettings } from '../newsletter/newsletter.schemas.js';
import type { IssueRow } from './issues.repository.js';
import { toItemJson, type ResolvedSection } from './resolve-items.js';

/** The API's JSON of an issue (IssueSchema): the one mapping from rows, used live and when publishing. */
export type IssueJson = z.output<typeof IssueSchema>;
export type IssueSummaryJson = z.output<typeof IssueSummarySchema>;

export function quoteOf(row: Pick<IssueRow, 'quote_text' | 'quote_author' | 'quote_url'>): IssueJson['quote'] {
  return row.quote_text === null ? null : { text: row.quote_text, author: row.quote_author, url: row.quote_url };
}

type IssueFieldsRow = Pick<
  IssueRow,
  'number' | 'date' | 'subject' | 'note' | 'quote_text' | 'quote_author' | 'quote_url' | 'greeting' | 'intro' | 'submission_call' | 'signoff' | 'status' | 'published_at' | 'created_at' | 'updated_at'
>;

/** The fields every view of an issue shares: its JSON, its summary and the renderers' model. */
export function issueFields(row: IssueFieldsRow) {
  return {
    number: row.number,
    date: row.date,
    subject: row.subject,
    note: row.note,
    quote: quoteOf(row),
    greeting: row.greeting,
    intro: row.intro,
    submissionCall: row.submission_call,
    signoff: row.signoff,
    status: row.status,
    publishedAt: row.published_at,
  };
}

/** The texts an issue renders with: its own where it has them, the newsletter's elsewhere. */
export function effectiveSettings<N extends NewsletterSettings>(newsletter: N, row: Pick<IssueRow, 'greeting' | 'intro' | 'submission_call' | 'signoff'>): N {
  return {
    ...newsletter,
    greeting: row.greeting ?? newsletter.greeting,
    intro: row.intro ?? newsletter.intro,
    submissionCall: row.submission_call ?? newsletter.submissionCall,
    signoff: row.signoff ?? newsletter.signoff,
  };
}

export function issueJson(row: IssueFieldsRow, sections: ResolvedSection[]): IssueJson {
  return {
    ...issueFields(row),
    sections: sections.map((s) => ({
      name: s.name,
      featured: s.featured,
      items: s.items.map((item) => ({ ...toItemJson(item), canonicalKey: item.canonicalKey })),
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function issueSummaryJson(row: IssueFieldsRow & { item_count: number | null }): IssueSummaryJson {
  return { ...issueFields(row), itemCount: Number(row.item_count ?? 0), createdAt: row.created_at, updatedAt: row.updated_at };
}
