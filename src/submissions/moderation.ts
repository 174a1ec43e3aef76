import { domainToASCII } from 'node:url';
import { z } from '@hono/zod-openapi';
import type { Reader, Trx } from '../db/database.js';
import { readJsonSetting, writeJsonSetting } from '../db/settings.js';
import { text } from '../http/text.js';

/**
 * What editors decide about the inflow, kept in `settings`: domains whose submissions are
 * dropped (answered 202 like any other), domains whose submissions skip the queue, how many
 * links a submitter's note may carry; and the canned reasons for approving or rejecting.
 */

/** A domain as typed (`Example.org`, `bücher.de`) → lower-case ASCII; matches itself and its subdomains. */
export const Domain = z
  .string()
  .trim()
  .max(253)
  .transform((raw, ctx) => {
    const ascii = domainToASCII(raw.replace(/\.$/, '').toLowerCase());
    if (!/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(ascii)) {
      ctx.addIssue({ code: 'custom', message: 'Must be a domain name such as example.org.' });
      return z.NEVER;
    }
    return ascii;
  })
  .openapi({ type: 'string', example: 'example.org' });

const MAX_DOMAINS = 10_000;

export const ModerationRulesSchema = z
  .strictObject({
    blockedDomains: z.array(Domain).max(MAX_DOMAINS).transform((d) => [...new Set(d)]).openapi({ description: 'Submissions of these domains (and their subdomains) are dropped: answered 202, never stored as links.' }),
    trustedDomains: z.array(Domain).max(MAX_DOMAINS).transform((d) => [...new Set(d)]).openapi({ description: 'Submissions of these domains skip the queue: they are approved at once.' }),
    maxLinksInNote: z.number().int().min(0).max(50).openapi({ description: 'A note with more links than this is refused (422).' }),
  })
  .openapi('ModerationRules');
export type ModerationRules = z.output<typeof ModerationRulesSchema>;

export const DEFAULT_RULES: ModerationRules = { blockedDomains: [], trustedDomains: [], maxLinksInNote: 2 };

export const ReasonCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Lower-case letters, digits and hyphens, up to 40.');

export const CannedReason = z
  .strictObject({
    code: ReasonCode,
    text: text(500),
    public: z.boolean().openapi({ description: 'Shown to the submitter on their receipt.' }),
  })
  .openapi('CannedReason');

export const ReasonListSchema = z
  .strictObject({ reasons: z.array(CannedReason).max(100) })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.reasons.forEach((r, i) => {
      if (seen.has(r.code)) ctx.addIssue({ code: 'custom', path: ['reasons', i, 'code'], message: `The code “${r.code}” appears twice.` });
      seen.add(r.code);
    });
  })
  .openapi('ModerationReasons');
export type ReasonList = z.output<typeof ReasonListSchema>;

export const getRules = (db: Reader) => readJsonSetting<ModerationRules>(db, 'moderation_rules', DEFAULT_RULES);
export const putRules = (trx: Trx, rules: ModerationRules) => writeJsonSetting(trx, 'moderation_rules', rules);
export const getReasons = (db: Reader) => readJsonSetting<ReasonList>(db, 'moderation_reasons', { reasons: [] });
export const putReasons = (trx: Trx, reasons: ReasonList) => writeJsonSetting(trx, 'moderation_reasons', reasons);

/** Whether `host` is `domain` or one of its subdomains, for any of `domains`. */
export function hostMatches(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}

/** Links in a note: URLs with a scheme (`https://…`) and `www.` names. */
export function linksInNote(note: string): number {
  return (note.match(/\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/gi) ?? []).length;
}
