import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DESIGN_NEWSLETTER } from '../helpers/design-example.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** A public submission from `address` (behind one trusted proxy). */
const submit = (body: unknown, address = '203.0.113.7', headers: Record<string, string> = {}) =>
  t.request('POST', '/v1/submissions', { token: null, body, headers: { 'X-Forwarded-For': address, ...headers } });

const receiptOf = async (res: Response) => {
  expect(res.status, await res.clone().text()).toBe(202);
  const body = await res.json();
  expect(body).toEqual({ status: 'pending', receipt: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  expect(res.headers.get('location')).toBe(`/v1/submissions/${body.receipt}`);
  return body.receipt as string;
};

const pending = async () => (await (await t.request('GET', '/v1/links?status=pending&limit=100')).json()).items as any[];
const receipt = async (r: string) => (await t.request('GET', `/v1/submissions/${r}`, { token: null })).json();

describe('POST /v1/submissions', () => {
  it('holds one address to 10 a minute: 202s, then 429 with Retry-After; the queue has the 10; editors are answered meanwhile', async () => {
    t = await createTestApp({ trustProxy: 1 });
    const answers = [];
    for (let i = 0; i < 15; i++) {
      answers.push(await submit({ url: `https://example.com/post-${i}`, name: 'Ann' }));
      t.clock.advance(200);
    }
    expect(answers.map((r) => r.status)).toEqual([...Array(10).fill(202), ...Array(5).fill(429)]);
    const limited = answers[10]!;
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await limited.json()).type).toBe('urn:linkletter:problem:too-many-requests');
    const queue = await pending();
    expect(queue).toHaveLength(10);
    // Oldest first, with what an editor decides by.
    expect(queue[0]).toMatchObject({ url: 'https://example.com/post-0', source: 'submission', submitter: 'Ann', submissions: { count: 1 } });
    // Another address is not held back; a minute later the first may send again.
    await receiptOf(await submit({ url: 'https://example.com/other' }, '198.51.100.1'));
    t.clock.advance(60_000);
    await receiptOf(await submit({ url: 'https://example.com/later' }));
    // Editors are never counted.
    for (let i = 0; i < 12; i++) expect((await t.request('POST', '/v1/submissions', { body: { url: `https://example.com/ed-${i}` } })).status).toBe(202);
  });

  it('counts the address the trusted proxy saw, not what the client wrote at the left of X-Forwarded-For', async () => {
    t = await createTestApp({ trustProxy: 1, submissionRate: 2 });
    expect((await submit({ url: 'https://example.com/1' }, '10.0.0.1, 203.0.113.7')).status).toBe(202);
    expect((await submit({ url: 'https://example.com/2' }, '10.0.0.2, 203.0.113.7')).status).toBe(202);
    expect((await submit({ url: 'https://example.com/3' }, '10.0.0.3, 203.0.113.7')).status).toBe(429);
    // An IPv6 client counts as its /64.
    expect((await submit({ url: 'https://example.com/4' }, '2001:db8:1:2::1')).status).toBe(202);
    expect((await submit({ url: 'https://example.com/5' }, '2001:db8:1:2::ffff')).status).toBe(202);
    expect((await submit({ url: 'https://example.com/6' }, '2001:db8:1:2:abcd::9')).status).toBe(429);
  });

  it('answers a known page in another spelling exactly like a new one, and counts one more submission on it', async () => {
    t = await createTestApp({ trustProxy: 1 });
    const known = await t.createLink({ url: 'https://example.com/article?id=7', title: 'Known' });
    const fresh = await submit({ url: 'https://example.com/new' });
    const again = await submit({ url: 'HTTPS://EXAMPLE.com/article/?id=7&utm_source=x#top', name: 'Bo', note: 'Great read.' });
    expect(again.status).toBe(fresh.status);
    expect(Object.keys((await again.clone().json()) as object)).toEqual(Object.keys((await fresh.clone().json()) as object));
    await receiptOf(again);
    const link = await (await t.request('GET', `/v1/links/${known.id}`)).json();
    expect(link).toMatchObject({ title: 'Known', status: 'approved', submissions: { count: 1, recent: [{ name: 'Bo', note: 'Great read.' }] } });
    await submit({ url: 'https://example.com/article?id=7' });
    expect((await (await t.request('GET', `/v1/links/${known.id}`)).json()).submissions.count).toBe(2);
  });

  it('drops a filled honeypot and a blocked domain with the same 202; trusted domains skip the queue; too many links in a note is a 422', async () => {
    t = await createTestApp({ trustProxy: 1 });
    const rules = { blockedDomains: ['spam.example'], trustedDomains: ['Friends.Example'], maxLinksInNote: 1 };
    expect((await t.request('PUT', '/v1/moderation/rules', { body: rules })).status).toBe(200);
    expect(await (await t.request('GET', '/v1/moderation/rules')).json()).toEqual({ ...rules, trustedDomains: ['friends.example'] });
    const bot = await receiptOf(await submit({ url: 'https://example.com/bot', website: 'http://buy.example' }));
    const blocked = await receiptOf(await submit({ url: 'https://www.spam.example/x' }));
    expect(await pending()).toEqual([]);
    expect((await receipt(bot)).status).toBe('pending');
    expect((await receipt(blocked)).status).toBe('pending');
    await receiptOf(await submit({ url: 'https://blog.friends.example/post' }));
    const approved = (await (await t.request('GET', '/v1/links?status=approved')).json()).items;
    expect(approved.map((l: any) => l.url)).toEqual(['https://blog.friends.example/post']);
    const tooMany = await submit({ url: 'https://example.com/n', note: 'see https://a.example and www.b.example' });
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).errors).toEqual([expect.objectContaining({ path: 'note', code: 'too_many_links' })]);
  });

  it('refuses what a person can fix with a 422 naming the field, and never a 5xx for hostile input', async () => {
    t = await createTestApp({ trustProxy: 1, submissionRate: 1000, submissionDaily: 1000 });
    const cases: [unknown, number][] = [
      [{}, 422],
      [{ url: 'javascript:alert(1)' }, 422],
      [{ url: 'https://example.com/a', email: 'not-an-email' }, 422],
      [{ url: 'https://example.com/a', name: 'evil\u202Egnp.exe' }, 422],
      [{ url: 'https://example.com/a', note: 'nul\u0000byte' }, 422],
      [{ url: 'https://example.com/a', extra: 1 }, 422],
      [{ url: 'https://example.com/a', note: 'x'.repeat(3000) }, 422],
      [{ url: 'https://example.com/a', note: 'x'.repeat(1_000_000) }, 413],
      [['https://example.com/a'], 422],
      ['"just a string"', 422],
    ];
    for (const [body, status] of cases) {
      const res = await submit(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const malformed = await t.request('POST', '/v1/submissions', { token: null, body: '{"url":' });
    expect(malformed.status).toBe(400);
    // Markup in every field is stored as text and shown inert.
    const html = '<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))';
    await receiptOf(await submit({ url: 'https://example.com/h', title: html, note: html, name: html, section: html }));
    const [link] = await pending();
    expect(link).toMatchObject({ title: html, submitter: html, section: null, submissions: { recent: [{ note: html, name: html }] } });
  });

  it('keeps a submitter token to its daily quota, and a bad token is a 401', async () => {
    t = await createTestApp();
    const created = await t.request('POST', '/v1/tokens', { token: t.tokens.admin, body: { name: 'bot', role: 'submitter', dailyQuota: 2 } });
    expect(created.status).toBe(201);
    const { secret, dailyQuota } = await created.json();
    expect(dailyQuota).toBe(2);
    const send = (i: number) => t.request('POST', '/v1/submissions', { token: secret, body: { url: `https://example.com/q${i}` } });
    expect([(await send(1)).status, (await send(2)).status, (await send(3)).status]).toEqual([202, 202, 429]);
    expect((await t.request('POST', '/v1/submissions', { token: 'nonsense', body: { url: 'https://example.com/z' } })).status).toBe(401);
    expect((await t.request('POST', '/v1/tokens', { token: t.tokens.admin, body: { name: 'ed', role: 'editor', dailyQuota: 2 } })).status).toBe(422);
  });

  it('takes an HTML form post and answers 303 to the receipt page', async () => {
    t = await createTestApp();
    const res = await t.app.request('/v1/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url: 'https://example.com/form', note: 'From the form', name: '', website: '' }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/submissions\/[A-Za-z0-9_-]{43}$/);
    expect((await pending())[0]).toMatchObject({ url: 'https://example.com/form', submitter: null, submissions: { recent: [{ note: 'From the form' }] } });
  });
});

describe('proof of work (SUBMISSION_POW_BITS)', () => {
  const solve = (challenge: string, bits: number) => {
    for (let i = 0; ; i++) {
      const digest = createHash('sha256').update(`${challenge}:${i}`).digest();
      const value = digest.readUInt32BE(0);
      if (bits === 0 || value >>> (32 - bits) === 0) return String(i);
    }
  };

  it('asks for a solved, unexpired, unused challenge', async () => {
    t = await createTestApp({ submissionPowBits: 10 });
    const without = await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/p' } });
    expect(without.status).toBe(422);
    expect((await without.json()).errors[0].code).toBe('pow_required');
    const { challenge, bits } = await (await t.request('GET', '/v1/submissions/challenge', { token: null })).json();
    expect(bits).toBe(10);
    const wrong = await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/p', pow: { challenge, solution: 'nope' } } });
    expect([wrong.status, (await wrong.json()).errors[0].code]).toEqual([422, 'pow_wrong']);
    const pow = { challenge, solution: solve(challenge, bits) };
    expect((await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/p', pow } })).status).toBe(202);
    const reused = await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/q', pow } });
    expect([reused.status, (await reused.json()).errors[0].code]).toEqual([422, 'pow_used']);
    const forged = { challenge: challenge.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A')), solution: '1' };
    const forgedRes = await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/r', pow: forged } });
    expect((await forgedRes.json()).errors[0].code).toBe('pow_forged');
    const { challenge: old } = await (await t.request('GET', '/v1/submissions/challenge', { token: null })).json();
    t.clock.advance(11 * 60_000);
    const expired = await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.com/s', pow: { challenge: old, solution: solve(old, 10) } } });
    expect((await expired.json()).errors[0].code).toBe('pow_expired');
  });
});

describe('GET /v1/submissions/{receipt}', () => {
  it('follows the link from pending to published, with the issue’s URL', async () => {
    t = await createTestApp({ trustProxy: 1 });
    expect((await t.request('PUT', '/v1/newsletter', { body: DESIGN_NEWSLETTER })).status).toBe(200);
    const r = await receiptOf(await submit({ url: 'https://example.com/sub', section: 'tools' }));
    expect(await receipt(r)).toEqual({ status: 'pending', url: 'https://example.com/sub', submittedAt: t.clock.now().toISOString(), reason: null, issue: null });
    const [link] = await pending();
    expect(link.section).toBe('Tools');
    expect((await t.request('PATCH', `/v1/links/${link.id}`, { body: { status: 'approved', reason: 'Nice one.' } })).status).toBe(200);
    // An internal reason is never shown.
    expect(await receipt(r)).toMatchObject({ status: 'approved', reason: null });
    expect((await t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'One' } })).status).toBe(201);
    expect((await t.request('POST', '/v1/issues/1/assemble', { body: {} })).status).toBe(200);
    expect(await receipt(r)).toMatchObject({ status: 'approved', issue: null });
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
    expect(await receipt(r)).toMatchObject({ status: 'published', issue: { number: 1, url: 'https://news.example.org/issues/1' } });
  });

  it('shows a rejection with its public reason only, canned or written; a deleted link is removed; an unknown receipt is a 404', async () => {
    t = await createTestApp({ trustProxy: 1 });
    const reasons = { reasons: [{ code: 'off-topic', text: 'Not what this newsletter covers.', public: true }, { code: 'spam', text: 'Spam.', public: false }] };
    expect((await t.request('PUT', '/v1/moderation/reasons', { body: reasons })).status).toBe(200);
    const a = await receiptOf(await submit({ url: 'https://example.com/a' }));
    const b = await receiptOf(await submit({ url: 'https://example.com/b' }));
    const c = await receiptOf(await submit({ url: 'https://example.com/c' }));
    const [la, lb, lc] = await pending();
    await t.request('PATCH', `/v1/links/${la.id}`, { body: { status: 'rejected', reason: { code: 'off-topic' } } });
    await t.request('PATCH', `/v1/links/${lb.id}`, { body: { status: 'rejected', reason: { code: 'spam' } } });
    await t.request('PATCH', `/v1/links/${lc.id}`, { body: { status: 'rejected', reason: { text: 'Paywalled.', public: true } } });
    expect(await receipt(a)).toMatchObject({ status: 'rejected', reason: 'Not what this newsletter covers.' });
    expect(await receipt(b)).toMatchObject({ status: 'rejected', reason: null });
    expect(await receipt(c)).toMatchObject({ status: 'rejected', reason: 'Paywalled.' });
    expect((await (await t.request('GET', `/v1/links/${lb.id}`)).json()).statusReason).toEqual({ text: 'Spam.', public: false });
    const unknownCode = await t.request('PATCH', `/v1/links/${la.id}`, { body: { status: 'rejected', reason: { code: 'nope' } } });
    expect(unknownCode.status).toBe(422);
    expect((await t.request('PATCH', `/v1/links/${la.id}`, { body: { reason: 'no status' } })).status).toBe(422);
    expect((await t.request('DELETE', `/v1/links/${la.id}`)).status).toBe(204);
    expect((await receipt(a)).status).toBe('removed');
    expect((await t.request('GET', `/v1/submissions/${'A'.repeat(43)}`, { token: null })).status).toBe(404);
    expect((await t.request('GET', '/v1/submissions/short', { token: null })).status).toBe(404);
  });
});
