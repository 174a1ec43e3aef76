import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { roleAtLeast } from '../auth/roles.js';
import { hashSecret } from '../auth/token-secret.js';
import type { AppContext } from '../context.js';
import type { Reader, Trx } from '../db/database.js';
import { enqueueFirstFetch } from '../enrichment/enrichment.repository.js';
import { Invalid } from '../http/problem.js';
import { findLinkByCanonicalKey, insertLink } from '../links/links.repository.js';
import { knownSection } from '../newsletter/newsletter.repository.js';
import { getRules, hostMatches, linksInNote } from './moderation.js';
import { spendProof } from './proof-of-work.js';
import { DAY_MS, limitReached, MINUTE_MS, takeSlot, type Limit } from './rate-limit.js';
import type { SubmissionInput } from './submissions.schemas.js';

/** Who sends a submission: the client's address (see clientAddress) and the token, if any. */
export type Sender = { client: string; principal: Principal | undefined };

/** The rate limits a sender is held to: none for editors; a submitter token by its own quota; the public by address. */
async function limitsFor(db: Reader, ctx: AppContext, sender: Sender): Promise<Limit[]> {
  const { principal } = sender;
  const { submissionRate, submissionDaily } = ctx.config;
  if (principal && roleAtLeast(principal.role, 'editor')) return [];
  if (principal) {
    const token = await db.selectFrom('tokens').select('daily_quota').where('id', '=', principal.tokenId).executeTakeFirst();
    const key = `token:${principal.tokenId}`;
    return [
      { key, max: submissionRate, windowMs: MINUTE_MS, what: `The token “${principal.name}” has sent as many submissions as it may` },
      { key, max: token?.daily_quota ?? submissionDaily, windowMs: DAY_MS, what: `The token “${principal.name}” has used its daily quota` },
    ];
  }
  const key = `ip:${sender.client}`;
  return [
    { key, max: submissionRate, windowMs: MINUTE_MS, what: 'You have sent as many submissions as one address may' },
    { key, max: submissionDaily, windowMs: DAY_MS, what: 'You have sent as many submissions today as one address may' },
  ];
}

/**
 * Takes one public submission. The answer is the same whatever becomes of it (a new link, one
 * more submission of a known link, or dropped as spam), so it tells a submitter nothing about
 * what the service already has. Throws 429 past a rate limit and 422 for what a person can fix.
 */
export async function submit(ctx: AppContext, input: SubmissionInput, sender: Sender): Promise<{ receipt: string }> {
  const { db, clock, config } = ctx;
  const now = clock.now();
  const nowMs = now.getTime();
  const limits = await limitsFor(db, ctx, sender);
  // Past a limit already: answered without taking the write lock (checked again inside).
  const reached = await limitReached(db, limits, nowMs);
  if (reached) throw reached;

  const rules = await getRules(db);
  if (input.note !== undefined && linksInNote(input.note) > rules.maxLinksInNote) {
    const message = `A note may carry at most ${rules.maxLinksInNote} links.`;
    throw new Invalid(message, [{ path: 'note', message, code: 'too_many_links' }]);
  }
  const powBits = sender.principal ? 0 : config.submissionPowBits;
  const receipt = randomBytes(32).toString('base64url');
  const host = new URL(input.url.url).hostname;
  const dropped = (input.website ?? '').trim() !== '' || hostMatches(host, rules.blockedDomains);

  await ctx.transact(async (trx) => {
    if (powBits > 0) await spendProof(trx, ctx.powKey, powBits, input.pow, nowMs);
    await takeSlot(trx, limits, nowMs);
    const linkId = dropped ? null : await linkFor(trx, input, sender, hostMatches(host, rules.trustedDomains), now);
    await trx
      .insertInto('submissions')
      .values({
        receipt_hash: hashSecret(receipt),
        link_id: linkId,
        url: input.url.url,
        name: input.name ?? null,
        email: input.email ?? null,
        note: input.note ?? null,
        section: input.section ?? null,
        token_name: sender.principal?.name ?? null,
        dropped: dropped ? 1 : 0,
        created_at: now.toISOString(),
      })
      .execute();
  });
  if (!dropped) ctx.enrichment.notify();
  return { receipt };
}

/** The link a submission counts on: the known one with the same canonical key, or a new pending one. */
async function linkFor(trx: Trx, input: SubmissionInput, sender: Sender, trusted: boolean, now: Date): Promise<number> {
  const known = await findLinkByCanonicalKey(trx, input.url.canonicalKey);
  if (known) return known.id;
  const id = await insertLink(trx, {
    url: input.url.url,
    canonicalKey: input.url.canonicalKey,
    title: input.title,
    section: await knownSection(trx, input.section),
    status: trusted ? 'approved' : 'pending',
    source: 'submission',
    submitter: input.name ?? sender.principal?.name ?? null,
    tags: [],
    now,
  });
  await enqueueFirstFetch(trx, id, input.url.url, now);
  return id;
}
