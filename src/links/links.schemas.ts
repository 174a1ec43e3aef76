import { z } from '@hono/zod-openapi';
import { text } from '../http/text.js';
import { ReasonInput } from './status-reason.js';

export { text };
import { PageMetadataSchema } from '../enrichment/page-metadata.js';
import { TagName } from '../tags/tag-name.js';
import { cleanUrl, MAX_URL_LENGTH } from './canonical-url.js';
import { decimalInt, decimalIntOr, repeatable } from '../http/params.js';

import { ENRICHMENT_STATUSES, LINK_KINDS, LINK_SOURCES, LINK_STATUSES } from './link-fields.js';

export const MAX_TAGS_PER_LINK = 20;

/** A submitted page URL, cleaned; the handler receives `{ url, canonicalKey }`. */
export const PageUrl = z
  .string()
  .max(MAX_URL_LENGTH * 2, `At most ${MAX_URL_LENGTH} characters.`)
  .transform((raw, ctx) => {
    const result = cleanUrl(raw);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.problem.message, params: { reason: result.problem.code } });
      return z.NEVER;
    }
    return result.value;
  })
  .openapi({ type: 'string', format: 'uri', maxLength: MAX_URL_LENGTH, example: 'https://example.org/post' });

/** A URL an editor typed for a credit or quote: only checked, stored exactly as written. */
export const TypedUrl = z
  .string()
  .trim()
  .max(MAX_URL_LENGTH, `At most ${MAX_URL_LENGTH} characters.`)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'Must be an http or https URL.')
  .openapi({ format: 'uri' });

export const TagList = z
  .array(TagName)
  .max(MAX_TAGS_PER_LINK, `At most ${MAX_TAGS_PER_LINK} tags.`)
  .transform((tags) => [...new Set(tags)]);

export const CreditInput = z.strictObject({
  name: text(200),
  url: TypedUrl.optional(),
});

export const LinkCreateBody = z
  .strictObject({
    url: PageUrl,
    title: text(300).optional(),
    blurb: text(4000).optional(),
    tags: TagList.optional(),
    section: text(100).optional(),
    kind: z.enum(LINK_KINDS).optional(),
    credit: CreditInput.optional(),
    status: z.enum(LINK_STATUSES).optional(),
  })
  .openapi('LinkCreate');

export const LinkPatchBody = z
  .strictObject({
    url: PageUrl.optional(),
    title: text(300).nullable().optional(),
    blurb: text(4000).nullable().optional(),
    tags: TagList.optional(),
    section: text(100).nullable().optional(),
    kind: z.enum(LINK_KINDS).nullable().optional(),
    credit: CreditInput.nullable().optional(),
    status: z.enum(LINK_STATUSES).optional(),
    reason: ReasonInput.optional().openapi({ description: 'Why, with `status`: see ReasonInput. Setting a status without one clears the old reason.' }),
  })
  .openapi('LinkPatch');

export const TagsBody = z.strictObject({ tags: TagList }).openapi('LinkTags');

export const MetadataSchema = PageMetadataSchema.extend({ fetchedAt: z.string().nullable() })
  .openapi('LinkMetadata');

export const StatusReasonSchema = z.object({ text: z.string(), public: z.boolean() }).openapi('StatusReason');

export const SubmissionsSummary = z
  .object({
    count: z.number().int(),
    firstAt: z.string(),
    lastAt: z.string(),
    recent: z
      .array(z.object({ name: z.string().nullable(), note: z.string().nullable(), at: z.string() }))
      .openapi({ description: 'The five newest submissions, newest first: who sent it (as they gave their name) and their note.' }),
  })
  .openapi('SubmissionsSummary');

export const LinkSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    canonicalKey: z.string(),
    title: z.string().nullable(),
    blurb: z.string().nullable(),
    credit: z.object({ name: z.string(), url: z.string().nullable() }).nullable(),
    kind: z.enum(LINK_KINDS).nullable().openapi({ description: 'The editor’s kind, else the one inferred from the fetched page.' }),
    section: z.string().nullable(),
    tags: z.array(z.string()),
    status: z.enum(LINK_STATUSES),
    statusReason: StatusReasonSchema.nullable().openapi({ description: 'Why an editor set the status, if they said; a public reason is shown on the submitter’s receipt.' }),
    source: z.enum(LINK_SOURCES),
    submitter: z.string().nullable(),
    submissions: SubmissionsSummary.nullable().openapi({ description: 'How often the link was submitted (`POST /v1/submissions`), or null if never.' }),
    metadata: MetadataSchema.nullable(),
    enrichment: z.object({
      status: z.enum(ENRICHMENT_STATUSES),
      attempts: z.number().int(),
      error: z.string().nullable(),
      fetchedAt: z.string().nullable(),
    }),
    issue: z.number().int().nullable().openapi({ description: 'Number of the issue the link is in, if any.' }),
    possibleDuplicateOf: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Another link whose URL is the canonical URL this page declares.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Link');

export type LinkJson = z.infer<typeof LinkSchema>;

/** Tags a list may AND together. */
export const MAX_LIST_TAGS = 20;

export const LinkListQuery = z.strictObject({
  status: z.enum(LINK_STATUSES).optional(),
  tag: repeatable(TagName, MAX_LIST_TAGS)
    .optional()
    .openapi({ description: `Repeatable, up to ${MAX_LIST_TAGS} times (more is a 422); a link must carry every tag given.`, param: { style: 'form', explode: true } }),
  section: z.string().max(100).optional(),
  kind: z.enum(LINK_KINDS).optional(),
  source: z.enum(LINK_SOURCES).optional(),
  enrichment: z.enum(ENRICHMENT_STATUSES).optional(),
  issue: z
    .union([z.literal('none'), z.string().regex(/^[1-9][0-9]{0,8}$/, 'An issue number or `none`.')])
    .optional()
    .openapi({ description: 'An issue number, or `none` for links in no issue.' }),
  q: z.string().min(1).max(200).optional().openapi({ description: 'Substring of the title, blurb, URL or fetched metadata.' }),
  sort: z.enum(['newest', 'oldest']).optional().openapi({ description: 'Newest first by default; the moderation queue (`status=pending`) oldest first.' }),
  limit: decimalIntOr(1, 100, 20),
  cursor: z.string().max(512).optional(),
});

export const LinkPage = z.object({ items: z.array(LinkSchema), nextCursor: z.string().nullable() }).openapi('LinkPage');

export const LinkIdParam = z.object({
  id: decimalInt(1, Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
