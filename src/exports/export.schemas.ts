import { z } from '@hono/zod-openapi';
import { LINK_KINDS } from '../links/link-fields.js';
import { LinkSchema } from '../links/links.schemas.js';
import { NewsletterSchema } from '../newsletter/newsletter.schemas.js';
import { ModerationRulesSchema, ReasonListSchema } from '../submissions/moderation.js';
import { EXPORT_FORMATS, EXPORT_VERSION } from './export-formats.js';

export const ExportQuery = z.strictObject({
  format: z
    .enum(EXPORT_FORMATS)
    .default('json')
    .openapi({ description: '`json` (default): the complete dump, which `POST /v1/imports` restores; `netscape`: a bookmark file, as browsers write one; `csv`: one link a row.' }),
});

const kind = z.enum(LINK_KINDS).nullable();

export const ExportedLinkSchema = LinkSchema.extend({
  editorKind: kind.openapi({ description: 'The kind an editor set (null: none); `kind` is this, else `inferredKind`.' }),
  inferredKind: kind.openapi({ description: 'The kind inferred from the fetched page, if any.' }),
}).openapi('ExportedLink', { description: 'A link as `GET /v1/links/{id}` shows it, with the two kinds its `kind` is made of.' });

const nullableText = z.string().nullable();

export const ExportedIssueSchema = z
  .object({
    number: z.number().int(),
    date: z.string(),
    subject: z.string(),
    note: nullableText,
    quote: z.object({ text: z.string(), author: nullableText, url: nullableText }).nullable(),
    greeting: nullableText,
    intro: nullableText,
    submissionCall: nullableText,
    signoff: nullableText,
    status: z.enum(['draft', 'published']),
    publishedAt: nullableText,
    createdAt: z.string(),
    updatedAt: z.string(),
    sections: z.array(z.object({ name: z.string(), featured: z.boolean() })).openapi({ description: 'The layout, in order.' }),
    items: z
      .array(
        z.object({
          canonicalKey: z.string().openapi({ description: 'The link, by its canonical key (ids may change in a restore).' }),
          url: z.string(),
          section: z.string(),
          title: nullableText.openapi({ description: 'The item’s own title; null: the link’s.' }),
          blurb: nullableText.openapi({ description: 'The item’s own blurb; null: the link’s.' }),
          markdown: nullableText.openapi({ description: 'The item’s own Markdown line, if any.' }),
        }),
      )
      .openapi({ description: 'The items in order, section by section.' }),
    published: z
      .object({ markdown: z.string(), html: z.string(), fragment: z.string(), json: z.string() })
      .nullable()
      .openapi({ description: 'What was published, byte for byte, as `.md`, `.html`, the archive’s fragment and `.json` (a JSON text); null for an issue never published.' }),
  })
  .openapi('ExportedIssue');

export const ExportDocumentSchema = z
  .object({
    linkletter: z.object({
      version: z.literal(EXPORT_VERSION),
      exportedAt: z.string(),
      counts: z.object({ links: z.number().int(), tags: z.number().int(), issues: z.number().int() }),
    }),
    newsletter: NewsletterSchema,
    moderation: z.object({ rules: ModerationRulesSchema, reasons: ReasonListSchema }),
    tags: z.array(z.object({ name: z.string(), links: z.number().int() })),
    links: z.array(ExportedLinkSchema),
    issues: z.array(ExportedIssueSchema),
  })
  .openapi('Export', { description: 'Everything but tokens, submitters’ emails and receipts, and links’ histories; see the README (“Exporting”).' });
