import { z } from '@hono/zod-openapi';
import { text } from '../links/links.schemas.js';

// The newsletter's settings and its sections: what every issue starts from.

/** An issue holds at most this many sections. */
export const MAX_SECTIONS = 50;

/** A section's name: one line of editor text. */
export const SectionName = text(100).refine((s) => !/[\r\n]/.test(s), 'One line only.');

export const SectionList = z
  .array(z.strictObject({ name: SectionName, featured: z.boolean().default(false) }))
  .max(MAX_SECTIONS, `At most ${MAX_SECTIONS} sections.`)
  .superRefine((sections, ctx) => {
    const seen = new Set<string>();
    sections.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Section “${s.name}” appears twice.` });
      seen.add(s.name);
    });
  });

const MAX_BASE_URL_LENGTH = 500;

/** Editor-written Markdown blocks; empty means "leave this block out". */
const block = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

export const NewsletterSchema = z
  .object({
    name: z.string().trim().min(1, 'Must not be empty.').max(200),
    greeting: block(500),
    intro: block(5000),
    submissionCall: block(5000),
    signoff: block(5000),
    baseUrl: z
      .string()
      .trim()
      .max(MAX_BASE_URL_LENGTH)
      .refine((s) => {
        try {
          const u = new URL(s);
          return (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash && !u.username;
        } catch {
          return false;
        }
      }, 'An absolute http(s) URL without query or fragment, e.g. https://news.example.org.')
      .transform((s) => s.replace(/\/+$/, ''))
      .openapi({ type: 'string', format: 'uri', maxLength: MAX_BASE_URL_LENGTH, example: 'https://news.example.org' }),
    sections: SectionList.min(1, 'At least one section.'),
  })
  .openapi('Newsletter');

/** The settings of the one newsletter a server hosts (as stored and as rendered). */
export type NewsletterSettings = z.output<typeof NewsletterSchema>;
