import { z } from '@hono/zod-openapi';
import { text } from '../http/text.js';
import { PageUrl } from '../links/links.schemas.js';

/** Text a member of the public typed: the editor's rules, and no text-direction controls (they can disguise what is shown). */
const submitted = (max: number) => text(max).refine((s) => !/[\u202A-\u202E\u2066-\u2069]/.test(s), 'Must not contain text-direction control characters.');

export const MAX_NOTE = 2000;

export const SubmissionBody = z
  .strictObject({
    url: PageUrl,
    title: submitted(300).optional().openapi({ description: 'The page’s title as the submitter saw it (shown as plain text).' }),
    note: submitted(MAX_NOTE).optional().openapi({ description: 'A note to the editors.' }),
    name: submitted(100).optional().openapi({ description: 'How the submitter wants to be credited.' }),
    email: z.email('Must be an email address.').max(254).optional().openapi({ description: 'Never shown publicly.' }),
    section: submitted(100).optional().openapi({ description: 'Kept only when it names one of the newsletter’s sections.' }),
    website: z
      .string()
      .max(2000)
      .optional()
      .openapi({ description: 'Leave empty. Forms hide this field; what fills it is taken for a bot and its submission is dropped (still answered 202).' }),
    pow: z
      .strictObject({ challenge: z.string().max(200), solution: z.string().max(64) })
      .optional()
      .openapi({ description: 'When the server asks for proof of work (see `GET /v1/submissions/challenge`).' }),
  })
  .openapi('Submission');
export type SubmissionInput = z.output<typeof SubmissionBody>;

export const SubmissionAccepted = z
  .object({
    status: z.literal('pending'),
    receipt: z.string().openapi({ description: 'Unguessable; `GET /v1/submissions/{receipt}` tells where the link stands.' }),
  })
  .openapi('SubmissionAccepted');

export const RECEIPT_STATUSES = ['pending', 'approved', 'rejected', 'archived', 'published', 'removed'] as const;

export const ReceiptSchema = z
  .object({
    status: z.enum(RECEIPT_STATUSES),
    url: z.string(),
    submittedAt: z.string(),
    reason: z.string().nullable().openapi({ description: 'The editors’ public reason, when they gave one.' }),
    issue: z
      .object({ number: z.number().int(), url: z.string() })
      .nullable()
      .openapi({ description: 'The published issue the link is in.' }),
  })
  .openapi('SubmissionReceipt');
export type Receipt = z.output<typeof ReceiptSchema>;

export const ReceiptParam = z.object({
  receipt: z.string().max(100).openapi({ param: { name: 'receipt', in: 'path' }, example: 'q0Zx3sN4cI1mV8bT6uYw2eR5aD7fG9hJ0kL1zX3cV5b' }),
});

export const ChallengeSchema = z
  .object({
    challenge: z.string(),
    bits: z.number().int().openapi({ description: 'Leading zero bits SHA-256(`challenge:solution`) must have. 0: no proof is asked.' }),
    expiresAt: z.string(),
  })
  .openapi('SubmissionChallenge');

/** A form post's fields (application/x-www-form-urlencoded) as the JSON body: blank fields left out. */
export function formToSubmission(form: Record<string, string | File | (string | File)[]>): Record<string, unknown> {
  const field = (name: string) => {
    const value = form[name];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const body: Record<string, unknown> = {};
  for (const name of ['url', 'title', 'note', 'name', 'email', 'section', 'website']) {
    const value = field(name);
    if (value !== undefined) body[name] = value;
  }
  const challenge = field('pow_challenge');
  const solution = field('pow_solution');
  if (challenge !== undefined || solution !== undefined) body.pow = { challenge: challenge ?? '', solution: solution ?? '' };
  return body;
}
