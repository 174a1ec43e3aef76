import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { Client } from './prism-exchanges.js';
import type { Tokens } from './prism-sweeps.js';

/**
 * Public submissions and the moderation queue through Prism: the rules and canned reasons,
 * submissions (new, known in another spelling, dropped, trusted, refused, past a limit), their
 * receipts, link history and bulk actions. The server trusts one proxy (TRUST_PROXY=1), so each
 * request names its client in X-Forwarded-For; every accepted one comes from an address of its
 * own unless it is counting towards a limit on purpose. `invalid: true` as in prism-scenarios-links.ts.
 */

let clients = 0;
/** A client address nothing has submitted from yet. */
const fresh = () => ({ 'X-Forwarded-For': `198.51.100.${++clients}` });

const RECEIPT_PATH = /^\/(?:v1\/)?submissions\/([A-Za-z0-9_-]{43})$/;

/** An anonymous submission from a fresh address (or `headers`), answered 202; its receipt. */
async function submitted(c: Client, json: unknown, headers: Record<string, string> = fresh(), token: string | null = null): Promise<string> {
  const res = await c.send('POST', '/v1/submissions', { token, json, headers, expect: 202 });
  const body = res.status === 202 ? await res.json() : {};
  expect.soft(res.headers.get('location'), 'a 202 names the receipt in Location').toBe(`/v1/submissions/${body.receipt}`);
  return body.receipt as string;
}

/** A 429 carries Retry-After: whole seconds, within the limit's window. */
function expectRetryAfter(res: Response, maxSeconds: number): void {
  const retryAfter = res.headers.get('retry-after');
  expect.soft(retryAfter, 'a 429 says when to try again').toMatch(/^\d+$/);
  expect.soft(Number(retryAfter)).toBeGreaterThan(0);
  expect.soft(Number(retryAfter)).toBeLessThanOrEqual(maxSeconds);
}

async function moderationSettingScenarios(c: Client): Promise<void> {
  const rules = '/v1/moderation/rules';
  await c.send('GET', rules, { expect: 200 });
  await c.send('PUT', rules, { json: { blockedDomains: ['Spam.example', 'bücher.example.'], trustedDomains: ['trusted.example.org'], maxLinksInNote: 1 }, expect: 200 });
  await c.send('GET', rules, { expect: 200 }); // domains as stored: lower-case ASCII
  await c.send('PUT', rules, { json: { blockedDomains: ['not a domain'], trustedDomains: [], maxLinksInNote: 1 }, expect: 422 });
  await c.send('PUT', rules, { json: { blockedDomains: [], trustedDomains: [], maxLinksInNote: 51 }, expect: 422, invalid: true });
  await c.send('PUT', rules, { json: { blockedDomains: [] }, expect: 422, invalid: true });

  const reasons = '/v1/moderation/reasons';
  await c.send('GET', reasons, { expect: 200 });
  const canned = [
    { code: 'off-topic', text: 'Not about what this newsletter covers.', public: true },
    { code: 'welcome', text: 'Thanks for sending it in.', public: true },
    { code: 'spam', text: 'Looks generated.', public: false },
  ];
  await c.send('PUT', reasons, { json: { reasons: canned }, expect: 200 });
  await c.send('GET', reasons, { expect: 200 });
  await c.send('PUT', reasons, { json: { reasons: [...canned, { code: 'spam', text: 'Twice.', public: false }] }, expect: 422 });
  await c.send('PUT', reasons, { json: { reasons: [{ code: 'Off Topic', text: 'Bad code.', public: true }] }, expect: 422, invalid: true });
  await c.send('PUT', reasons, { json: { reasons: [{ code: 'no-text', public: true }] }, expect: 422, invalid: true });
}

/** Receipts of the submissions that the moderation scenarios then decide on. */
type Sent = { first: string; popular: string; form: string; quota: string };

async function submitScenarios(c: Client, t: Tokens): Promise<Sent> {
  const post = (json: unknown, expect: number, more: { invalid?: true; headers?: Record<string, string> } = {}) =>
    c.send('POST', '/v1/submissions', { token: null, json, headers: more.headers ?? fresh(), expect, ...(more.invalid ? { invalid: true } : {}) });

  const first = await submitted(c, {
    url: 'https://example.org/queue/first?utm_source=newsletter',
    title: 'A first submission',
    note: 'Found this on https://example.net/ last week.',
    name: 'Ann Reader',
    email: 'ann@example.net',
    section: 'tools',
  });
  await submitted(c, { url: 'http://EXAMPLE.org/queue/first', note: 'Sent again, spelt otherwise.' }); // the same 202: nothing leaks
  await submitted(c, { url: 'https://example.org/queue/bot', website: 'https://bot.example/' }); // the honeypot: dropped
  await submitted(c, { url: 'https://www.spam.example/offer' }); // a blocked domain: dropped
  await submitted(c, { url: 'https://xn--bcher-kva.example/buch' }); // a rule typed in Unicode blocks its ASCII form
  await submitted(c, { url: 'https://news.trusted.example.org/story' }); // a trusted domain: approved at once
  await submitted(c, { url: 'https://example.org/queue/by-token', name: 'Sam' }, {}, t.submitter);

  await post({ url: 'https://example.org/queue/links', note: 'See https://a.example/ and www.b.example.' }, 422); // more links than the rules allow
  await post({ url: 'https://example.org/queue/bidi', name: 'evil\u202Egnp.exe' }, 422);
  await post({ url: 'ftp://example.org/queue/file' }, 422);
  await post({ url: 'https://example.org/queue/pow', pow: { challenge: 'x', solution: 'y' } }, 202); // no proof asked: ignored
  await post({ note: 'No URL.' }, 422, { invalid: true });
  await post({ url: 'https://example.org/queue/email', email: 'not-an-email' }, 422, { invalid: true });
  await post({ url: 'https://example.org/queue/extra', colour: 'red' }, 422, { invalid: true });
  await post({ url: 'https://example.org/queue/long', note: 'n'.repeat(2001) }, 422, { invalid: true });
  await c.send('POST', '/v1/submissions', { token: null, headers: fresh(), expect: 400 }); // no body at all

  // An HTML form's post, as /submit sends it: 303 to the receipt page. Prism's forwarder follows
  // redirects itself (node-fetch without `redirect: 'manual'`), so the 303 is only seen directly.
  const form = new URLSearchParams({ url: 'https://example.org/queue/form', note: 'From the form.', name: '', website: '' }).toString();
  const formHeaders = { ...fresh(), 'Content-Type': 'application/x-www-form-urlencoded' };
  const redirected = await c.send('POST', '/v1/submissions', { token: null, raw: form, headers: formHeaders, expect: 303, direct: 'Prism follows the redirect itself' });
  const location = redirected.headers.get('location') ?? '';
  expect.soft(location, 'a form post is sent to its receipt page').toMatch(RECEIPT_PATH);
  await c.send('POST', '/v1/submissions', { token: null, raw: 'note=no+url', headers: { ...fresh(), 'Content-Type': 'application/x-www-form-urlencoded' }, expect: 422 });

  // One address: 10 a minute (the default SUBMISSION_RATE), the same page each time, then 429.
  const crowd = { 'X-Forwarded-For': '203.0.113.50' };
  const popular = await submitted(c, { url: 'https://example.org/queue/popular' }, crowd);
  for (let i = 1; i < 10; i++) await submitted(c, { url: `https://example.org/queue/popular?utm_campaign=${i}` }, crowd);
  const limited = await c.send('POST', '/v1/submissions', { token: null, json: { url: 'https://example.org/queue/popular' }, headers: crowd, expect: 429 });
  expectRetryAfter(limited, 60);
  // The client is the address the trusted proxy saw, not what the client wrote at the left.
  await c.send('POST', '/v1/submissions', { token: null, json: { url: 'https://example.org/queue/spoof' }, headers: { 'X-Forwarded-For': '192.0.2.1, 203.0.113.50' }, expect: 429 });

  // A submitter token with a daily quota of one.
  const one = await c.json('POST', '/v1/tokens', { token: t.admin, json: { name: 'quota-of-one', role: 'submitter', dailyQuota: 1 }, expect: 201 });
  const quota = await submitted(c, { url: 'https://example.org/queue/quota' }, {}, one.secret);
  expectRetryAfter(await c.send('POST', '/v1/submissions', { token: one.secret, json: { url: 'https://example.org/queue/quota-2' }, expect: 429 }), 86_400);

  await c.send('GET', '/v1/submissions/challenge', { token: null, expect: 200 });
  await c.send('GET', `/v1/submissions/${first}`, { token: null, expect: 200 });
  await c.send('GET', location.replace(/^\/submissions\//, '/v1/submissions/'), { token: null, expect: 200 });
  await c.send('GET', `/v1/submissions/${'A'.repeat(43)}`, { token: null, expect: 404 });
  await c.send('GET', `/v1/submissions/${'x'.repeat(101)}`, { token: null, expect: 400, invalid: true });
  return { first, popular, form: RECEIPT_PATH.exec(location)?.[1] ?? '', quota };
}

/** The link a receipt is about, found in the queue by its URL. */
async function linkIdOf(c: Client, url: string): Promise<number> {
  const { items } = await c.json('GET', '/v1/links?source=submission&limit=100', { expect: 200 });
  const link = (items as { id: number; url: string }[]).find((l) => l.url === url);
  if (!link) throw new Error(`no submitted link ${url}`);
  return link.id;
}

async function queueScenarios(c: Client, sent: Sent): Promise<void> {
  const queue = await c.json('GET', '/v1/links?status=pending', { expect: 200 });
  const first = await linkIdOf(c, 'https://example.org/queue/first');
  const popular = await linkIdOf(c, 'https://example.org/queue/popular');
  const form = await linkIdOf(c, 'https://example.org/queue/form');
  const quota = await linkIdOf(c, 'https://example.org/queue/quota');
  const byToken = await linkIdOf(c, 'https://example.org/queue/by-token');
  expect.soft((queue.items as { id: number }[]).map((l) => l.id), 'the queue holds what was submitted').toEqual(expect.arrayContaining([first, popular, form, quota]));
  expect.soft((await c.json('GET', `/v1/links/${popular}`, { expect: 200 })).submissions?.count, 'ten submissions counted on one link').toBe(10);

  await c.send('PATCH', `/v1/links/${first}`, { json: { status: 'rejected', reason: { code: 'off-topic' } }, expect: 200 });
  const rejected = await c.json('GET', `/v1/submissions/${sent.first}`, { token: null, expect: 200 });
  expect.soft(rejected, 'a rejection shows its public reason').toMatchObject({ status: 'rejected', reason: 'Not about what this newsletter covers.' });

  const bulk = (json: unknown, expect: number, invalid = false) => c.send('POST', '/v1/links/bulk', { json, expect, ...(invalid ? { invalid: true } : {}) });
  const report = await c.json('POST', '/v1/links/bulk', { json: { ids: [popular, form, byToken, 999999, 1], action: 'approve', reason: { code: 'welcome' } }, expect: 200 });
  expect.soft(report.counts).toEqual({ done: 3, not_found: 1, in_published_issue: 1 });
  await bulk({ ids: [popular, form], action: 'tag', tags: ['Reader Picks', 'queue'] }, 200);
  await bulk({ ids: [popular, form], action: 'untag', tags: ['queue'] }, 200);
  await bulk({ ids: [popular], action: 'untag', tags: ['queue'] }, 200); // unchanged
  await bulk({ ids: [popular, form, 1], action: 'section', section: 'Tools' }, 200);
  await bulk({ ids: [form], action: 'section', section: null }, 200);
  await bulk({ ids: [quota], action: 'reject', reason: { text: 'We covered this last week.', public: true } }, 200);
  await bulk({ ids: [form], action: 'archive', reason: 'Internal: maybe later.' }, 200);
  await bulk({ ids: [form], action: 'approve' }, 200);

  // Delete: a link in a draft issue is held back, one in a published issue too.
  const draft = (await c.json('POST', '/v1/issues', { json: { date: '2026-12-18', subject: 'From the queue' }, expect: 201 })).number as number;
  await c.send('POST', `/v1/issues/${draft}/items`, { json: { linkId: popular, section: 'Tools' }, expect: 201 });
  const deleted = await c.json('POST', '/v1/links/bulk', { json: { ids: [form, popular, 1], action: 'delete' }, expect: 200 });
  expect.soft(deleted.counts).toEqual({ done: 1, in_issue: 1, in_published_issue: 1 });
  await c.send('GET', `/v1/submissions/${sent.form}`, { token: null, expect: 200 }); // removed
  await c.send('GET', `/v1/submissions/${sent.quota}`, { token: null, expect: 200 }); // rejected, publicly
  await c.send('GET', `/v1/submissions/${sent.popular}`, { token: null, expect: 200 }); // approved

  await bulk({ ids: [], action: 'approve' }, 422, true);
  await bulk({ ids: Array.from({ length: 1001 }, (_, i) => i + 1), action: 'approve' }, 422, true);
  await bulk({ ids: [0], action: 'approve' }, 422, true);
  await bulk({ ids: [popular], action: 'publish' }, 422, true);
  await bulk({ ids: [popular], action: 'tag' }, 422); // tag needs tags: beyond what a schema says
  await bulk({ ids: [popular], action: 'section' }, 422);
  await bulk({ ids: [popular], action: 'tag', tags: ['x'], reason: 'Why?' }, 422);
  await bulk({ ids: [popular], action: 'reject', reason: { code: 'no-such-reason' } }, 422);

  const history = await c.json('GET', `/v1/links/${popular}/history`, { expect: 200 });
  const types = (history.items as { type: string }[]).map((e) => e.type);
  expect.soft(types, 'the history of a submitted, approved, tagged, moved link').toEqual(expect.arrayContaining(['created', 'submitted', 'approved', 'tagged', 'untagged', 'added_to_issue']));
  await c.send('GET', `/v1/links/${first}/history`, { expect: 200 });
  await c.send('GET', '/v1/links/999999/history', { expect: 404 });
  await c.send('GET', '/v1/links/abc/history', { expect: 400, invalid: true });
}

export async function submissionScenarios(c: Client, t: Tokens): Promise<void> {
  await moderationSettingScenarios(c);
  const sent = await submitScenarios(c, t);
  await queueScenarios(c, sent);
}

/** A solution to a challenge: SHA-256 of `challenge:solution` starts with `bits` zero bits. */
function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    const digest = createHash('sha256').update(`${challenge}:${n}`).digest();
    const zeros = digest.readUInt32BE(0) === 0 ? 32 : Math.clz32(digest.readUInt32BE(0));
    if (zeros >= bits) return String(n);
  }
}

/** On a server that asks for proof of work (SUBMISSION_POW_BITS): challenges, solutions, refusals. */
export async function proofOfWorkScenarios(c: Client, url: string): Promise<void> {
  const { challenge, bits } = await c.json('GET', '/v1/submissions/challenge', { token: null, expect: 200 });
  expect.soft(bits, 'the server asks for work').toBeGreaterThan(0);
  const post = (pow: unknown, expect: number) => c.send('POST', '/v1/submissions', { token: null, json: { url, ...(pow ? { pow } : {}) }, expect });
  await post(undefined, 422);
  await post({ challenge, solution: solve(challenge, bits) }, 202);
  await post({ challenge, solution: solve(challenge, bits) }, 422); // spent
  await post({ challenge: `${challenge.slice(0, -2)}xx`, solution: '1' }, 422); // not signed by this server
  const other = (await c.json('GET', '/v1/submissions/challenge', { token: null, expect: 200 })).challenge as string;
  await post({ challenge: other, solution: solve(other, bits) }, 202);
}
