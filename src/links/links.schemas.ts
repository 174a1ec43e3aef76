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

/**
 * A URL an editor typed for a credit or quote: only checked, stored exactly as written. Like a
 * link's, it may not carry a user name or password: it is published with the issue.
 */
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
  .refine((s) => !URL.canParse(s) || (new URL(s).username === '' && new URL(s).password === ''), 'Must not contain a user name or password.')
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

export const MAX_QUERY_LENGTH = 1000;

const SEARCH_LANGUAGE = [
  'Full-text search. Every word must match (in the title, description, URL, site, tags, credit or submitter); the last word also matches as the start of a word, for search-as-you-type.',
  'A word of three characters or more that matches no word is looked for inside words of titles and URLs (`6050` finds `MPU6050`).',
  '`"exact phrase"`; `-word` or `-"phrase"` excludes; `OR` between words or groups; `( )` groups.',
  'Qualifiers, each negatable with `-`: `tag:NAME`, `site:DOMAIN` (and its subdomains), `kind:KIND`, `section:NAME` (or `section:"Two words"`), `source:SOURCE`,',
  '`is:pending|approved|rejected|archived` (status), `is:unassigned` (in no issue), `is:failed` (enrichment failed), `issue:N|none`,',
  '`after:DATE` / `before:DATE` (added on or after / before `YYYY-MM-DD`, or a time ago: `30d`, `2w`, `6m`, `1y`), `title:WORD`, `url:WORD`, `by:NAME` (credit or submitter; a word or `"a phrase"`).',
  'Anything else is read as plain words (`*`, `^`, `:`, stray quotes and parentheses are separators); a qualifier with a value it cannot take, parentheses nested more than 8 deep or more than 64 terms answer 422 naming the position.',
  'Example: `"write ahead" sqlite -tag:postgres site:sqlite.org after:2026-03-01`.',
].join(' ');

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
  q: z
    .string()
    .superRefine((q, ctx) => {
      // A 422 (see `repeatable`): the request is well formed, it only asks for too much.
      if (q.length > MAX_QUERY_LENGTH) {
        ctx.addIssue({ code: 'custom', message: `At most ${MAX_QUERY_LENGTH} characters; this one goes on past position ${MAX_QUERY_LENGTH}.`, params: { limit: MAX_QUERY_LENGTH } });
      }
    })
    .optional()
    .openapi({ maxLength: MAX_QUERY_LENGTH, description: SEARCH_LANGUAGE }),
  sort: z
    .enum(['relevance', 'newest', 'oldest'])
    .optional()
    .openapi({ description: '`relevance` (bm25: titles above descriptions above URLs) is the default when `q` has words to rank; otherwise `newest`, and for the moderation queue (`status=pending`) `oldest`.' }),
  facets: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: '`true` adds `facets`: counts by tag (the top 20), kind, status and section of the newest 200 links the query matches.' }),
  limit: decimalIntOr(1, 100, 20),
  cursor: z.string().max(512).optional(),
});

const FacetCount = z.object({ value: z.string().nullable(), count: z.number().int() });

export const LinkPage = z
  .object({
    items: z.array(LinkSchema),
    nextCursor: z.string().nullable(),
    relevance: z
      .object({
        ranked: z.number().int().openapi({ description: 'How many matches are ordered by relevance (the first pages).' }),
        capped: z.boolean().openapi({
          description: 'True when ranking stopped short: at most the newest 100 matches are ranked, among the newest 50,000 links when they hold more than a page of matches; the other matches follow, newest first.',
        }),
      })
      .optional()
      .openapi({ description: 'With sort=relevance.' }),
    facets: z
      .object({
        counted: z.number().int().openapi({ description: 'How many matches were counted (the newest, at most 200).' }),
        capped: z.boolean().openapi({ description: 'True when the query matches more links than were counted.' }),
        tag: z.array(FacetCount),
        kind: z.array(FacetCount),
        status: z.array(FacetCount),
        section: z.array(FacetCount),
      })
      .optional()
      .openapi({ description: 'With facets=true. A null value counts links without a kind or section.' }),
  })
  .openapi('LinkPage');

export const LinkIdParam = z.object({
  id: decimalInt(1, Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
