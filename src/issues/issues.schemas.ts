import { z } from '@hono/zod-openapi';
import { text, TypedUrl } from '../links/links.schemas.js';
import { MAX_SECTIONS, SectionName } from '../newsletter/newsletter.schemas.js';
import { TagName } from '../tags/tag-name.js';
import { decimalInt } from '../http/params.js';

export const MAX_ITEMS = 1000;

/** A calendar date, YYYY-MM-DD, that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'Not a real date.')
  .openapi({ format: 'date', example: '2026-11-27' });

export const QuoteInput = z.strictObject({
  text: text(2000),
  author: text(200).optional(),
  url: TypedUrl.optional(),
});

/**
 * An issue's own greeting, intro, submission call or signoff: `null` (or left out) uses the
 * newsletter's, an empty string leaves the block out of this issue.
 */
const ownText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .nullable()
    .optional()
    .openapi({ description: 'This issue’s own text; `null` uses the newsletter’s, `""` leaves the block out.' });

const issueTexts = {
  greeting: ownText(500),
  intro: ownText(5000),
  submissionCall: ownText(5000),
  signoff: ownText(5000),
};

export const IssueCreateBody = z
  .strictObject({
    date: IsoDate,
    subject: text(300),
    note: text(10_000).optional(),
    quote: QuoteInput.optional(),
    ...issueTexts,
  })
  .openapi('IssueCreate');

export const IssuePatchBody = z
  .strictObject({
    date: IsoDate.optional(),
    subject: text(300).optional(),
    note: text(10_000).nullable().optional(),
    quote: QuoteInput.nullable().optional(),
    ...issueTexts,
  })
  .openapi('IssuePatch');

const LinkId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const itemOverrides = {
  title: text(300),
  blurb: text(4000),
  markdown: text(4000),
};

export const LayoutBody = z
  .array(
    z.strictObject({
      name: SectionName,
      featured: z.boolean().default(false),
      items: z
        .array(
          z.strictObject({
            linkId: LinkId,
            title: itemOverrides.title.optional(),
            blurb: itemOverrides.blurb.optional(),
            markdown: itemOverrides.markdown.optional(),
          }),
        )
        .default([]),
    }),
  )
  .max(MAX_SECTIONS, `At most ${MAX_SECTIONS} sections.`)
  .superRefine((sections, ctx) => {
    const names = new Set<string>();
    const links = new Set<number>();
    let count = 0;
    sections.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Section “${s.name}” appears twice.` });
      names.add(s.name);
      s.items.forEach((item, j) => {
        count++;
        if (links.has(item.linkId)) ctx.addIssue({ code: 'custom', path: [i, 'items', j, 'linkId'], message: `Link ${item.linkId} appears twice.` });
        links.add(item.linkId);
      });
    });
    if (count > MAX_ITEMS) ctx.addIssue({ code: 'custom', path: [], message: `At most ${MAX_ITEMS} items in an issue.` });
  })
  .openapi('IssueLayout');

export const ItemCreateBody = z
  .strictObject({
    linkId: LinkId,
    section: SectionName,
    position: z.number().int().min(0).max(MAX_ITEMS).optional().openapi({ description: '0-based place in the section; default: last.' }),
    title: itemOverrides.title.optional(),
    blurb: itemOverrides.blurb.optional(),
    markdown: itemOverrides.markdown.optional(),
  })
  .openapi('IssueItemCreate');

export const ItemPatchBody = z
  .strictObject({
    section: SectionName.optional(),
    position: z.number().int().min(0).max(MAX_ITEMS).optional(),
    title: itemOverrides.title.nullable().optional(),
    blurb: itemOverrides.blurb.nullable().optional(),
    markdown: itemOverrides.markdown.nullable().optional(),
  })
  .openapi('IssueItemPatch');

export const AssembleBody = z
  .strictObject({
    tags: z.array(TagName).max(20).optional().openapi({ description: 'Only links carrying all of these tags.' }),
    since: z
      .union([IsoDate, z.iso.datetime({ offset: true })])
      .optional()
      .openapi({ description: 'Only links created at or after this date or time.' }),
    limit: z.number().int().min(1).max(MAX_ITEMS).optional(),
  })
  .openapi('IssueAssemble');

/** Issue numbers have at most 9 digits (the pattern below); the document gives the bound as a number. */
export const MAX_ISSUE_NUMBER = 999_999_999;
const ISSUE_REF = /^[1-9][0-9]{0,8}(\.(md|html|json))?$/;

// The generator describes a transformed string by its `.openapi()` only, so the bounds are given there.
export const IssueNumberParam = z.object({
  number: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'An issue number.')
    .transform(Number)
    .openapi({ param: { name: 'number', in: 'path' }, type: 'integer', minimum: 1, maximum: MAX_ISSUE_NUMBER, example: 1 }),
});

/** `12`, `12.md`, `12.html` or `12.json`. */
export const IssueRefParam = z.object({
  number: z
    .string()
    .regex(ISSUE_REF, 'An issue number, optionally with .md, .html or .json.')
    .transform((s) => {
      const [n, ext] = s.split('.');
      return { number: Number(n), format: (ext ?? null) as 'md' | 'html' | 'json' | null };
    })
    .openapi({
      param: { name: 'number', in: 'path' },
      type: 'string',
      pattern: ISSUE_REF.source,
      example: '12.md',
      description: 'The issue number; add `.md`, `.html` or `.json` to choose the format.',
    }),
});

export const ItemParams = IssueNumberParam.extend({
  linkId: decimalInt(1, Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'linkId', in: 'path' } }),
});

const CreditSchema = z.object({ name: z.string(), url: z.string().nullable() });

export const IssueItemSchema = z
  .object({
    linkId: z.number().int(),
    url: z.string(),
    canonicalKey: z.string(),
    title: z.string().openapi({ description: 'Resolved: item override → editor title → fetched title → URL.' }),
    blurb: z.string().nullable().openapi({ description: 'Resolved: item override → editor blurb → fetched description.' }),
    credit: CreditSchema.nullable(),
    markdown: z.string().nullable().openapi({ description: 'The item’s own Markdown, replacing the rendered line; it may span lines.' }),
    override: z.object({ title: z.string().nullable(), blurb: z.string().nullable(), markdown: z.string().nullable() }),
  })
  .openapi('IssueItem');

export const IssueSchema = z
  .object({
    number: z.number().int(),
    date: z.string(),
    subject: z.string(),
    note: z.string().nullable(),
    quote: z.object({ text: z.string(), author: z.string().nullable(), url: z.string().nullable() }).nullable(),
    greeting: z.string().nullable().openapi({ description: 'This issue’s own greeting; null: the newsletter’s.' }),
    intro: z.string().nullable().openapi({ description: 'This issue’s own intro; null: the newsletter’s.' }),
    submissionCall: z.string().nullable().openapi({ description: 'This issue’s own submission call; null: the newsletter’s.' }),
    signoff: z.string().nullable().openapi({ description: 'This issue’s own signoff; null: the newsletter’s.' }),
    status: z.enum(['draft', 'published']),
    publishedAt: z.string().nullable(),
    sections: z.array(z.object({ name: z.string(), featured: z.boolean(), items: z.array(IssueItemSchema) })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Issue');

export const IssueSummarySchema = IssueSchema.omit({ sections: true })
  .extend({ itemCount: z.number().int() })
  .openapi('IssueSummary');

export const CheckFindingSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    linkId: z.number().int().optional(),
    section: z.string().optional(),
  })
  .openapi('CheckFinding');

export const CheckSchema = z
  .object({ ok: z.boolean(), errors: z.array(CheckFindingSchema), warnings: z.array(CheckFindingSchema) })
  .openapi('IssueCheck');
