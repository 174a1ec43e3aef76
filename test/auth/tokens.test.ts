import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/token-secret.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

/**
 * The tokens API (src/auth/tokens.routes.ts): GET, POST /v1/tokens and DELETE /v1/tokens/{name},
 * all for admins only. route-guards.test.ts checks the guard on every route; this file checks
 * what the routes do.
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const SECRET = /^ll_[A-Za-z0-9_-]{43}$/;
const TOKEN_KEYS = ['createdAt', 'dailyQuota', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role'];

const create = (body: unknown, token: string = t.tokens.admin) => t.request('POST', '/v1/tokens', { token, body });
const list = async () => {
  const res = await t.request('GET', '/v1/tokens', { token: t.tokens.admin });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ items: Record<string, unknown>[] }>;
};
const revoke = (name: string, token: string = t.tokens.admin) => t.request('DELETE', `/v1/tokens/${encodeURIComponent(name)}`, { token });
const tokenNamed = async (name: string) => (await list()).items.find((item) => item.name === name);

describe('POST /v1/tokens', () => {
  it('answers 201 with the token and its secret, unused so far, and the secret works', async () => {
    const res = await create({ name: 'ci bot', role: 'editor' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const created = await res.json();
    expect(created).toEqual({
      id: expect.any(Number),
      name: 'ci bot',
      role: 'editor',
      createdAt: t.clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      dailyQuota: null,
      secret: expect.stringMatching(SECRET),
    });

    // The secret is a working bearer token of the role asked for.
    expect((await t.request('GET', '/v1/links', { token: created.secret })).status).toBe(200);
    expect((await t.request('GET', '/v1/tokens', { token: created.secret })).status).toBe(403);
  });

  it('shows the secret only once: it is stored as a hash, and nothing answers with it again', async () => {
    const { secret, id } = await (await create({ name: 'once', role: 'submitter' })).json();
    const stored = t.sqlite.prepare('SELECT secret_hash FROM tokens WHERE id = ?').pluck().get(id) as string;
    expect(stored).toBe(hashSecret(secret));
    expect(stored).not.toContain(secret.slice(3));
    const listed = await (await t.request('GET', '/v1/tokens', { token: t.tokens.admin })).text();
    expect(listed).not.toContain(secret);
    // Creating it again does not hand the secret out a second time either.
    const again = await create({ name: 'once', role: 'submitter' });
    expect(again.status).toBe(409);
    expect(await again.text()).not.toContain(secret);
  });

  it('gives every token its own secret', async () => {
    const a = await (await create({ name: 'a', role: 'editor' })).json();
    const b = await (await create({ name: 'b', role: 'editor' })).json();
    expect(a.secret).not.toBe(b.secret);
    expect(a.id).not.toBe(b.id);
  });

  it('answers 409 problem+json to a name that is taken, also by a revoked token, and creates nothing', async () => {
    expect((await create({ name: 'ci bot', role: 'editor' })).status).toBe(201);
    expect((await revoke('editor-token')).status).toBe(204);
    const before = (await list()).items.length;
    for (const name of ['ci bot', '  ci bot ', 'editor-token', 'admin-token']) {
      const res = await create({ name, role: 'admin' });
      expect(res.status, name).toBe(409);
      const problem = await problemOf(res);
      expect(problem, name).toMatchObject({ status: 409, type: 'urn:linkletter:problem:conflict', title: 'Conflict' });
      expect(problem.detail, name).toContain(name.trim());
      expect(JSON.stringify(problem), name).not.toMatch(/ll_/);
    }
    expect((await list()).items).toHaveLength(before);
  });

  it('answers 422 problem+json naming the field for an invalid name or role, and creates nothing', async () => {
    const before = (await list()).items.length;
    const cases: [unknown, string][] = [
      [{ name: '', role: 'editor' }, 'name'],
      [{ name: '   ', role: 'editor' }, 'name'],
      [{ name: '-leading-dash', role: 'editor' }, 'name'],
      [{ name: 'semi;colon', role: 'editor' }, 'name'],
      [{ name: 'slash/name', role: 'editor' }, 'name'],
      [{ name: 'x'.repeat(101), role: 'editor' }, 'name'],
      [{ name: 42, role: 'editor' }, 'name'],
      [{ role: 'editor' }, 'name'],
      [{ name: 'ok', role: 'root' }, 'role'],
      [{ name: 'ok' }, 'role'],
      [{ name: 'ok', role: 'editor', secret: `ll_${'A'.repeat(43)}` }, 'secret'],
    ];
    for (const [body, path] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await problemOf(res);
      expect(problem, JSON.stringify(body)).toMatchObject({ status: 422, type: 'urn:linkletter:problem:validation' });
      expect(problem.errors.map((e: { path: string }) => e.path), JSON.stringify(body)).toContain(path);
    }
    expect((await list()).items).toHaveLength(before);
  });

  it('accepts the longest name and the punctuation it allows', async () => {
    for (const name of ['x'.repeat(100), 'Bot 2.0_ci@example.org+x-y', 'Zoë 7']) {
      const res = await create({ name, role: 'submitter' });
      expect(res.status, name).toBe(201);
      expect((await res.json()).name).toBe(name);
    }
  });
});

describe('GET /v1/tokens', () => {
  it('lists every token, revoked ones too, oldest first, and never a secret or its hash', async () => {
    const created = await (await create({ name: 'listed', role: 'submitter' })).json();
    expect((await revoke('listed')).status).toBe(204);
    const res = await t.request('GET', '/v1/tokens', { token: t.tokens.admin });
    expect(res.status).toBe(200);
    const text = await res.text();
    const { items } = JSON.parse(text) as { items: Record<string, unknown>[] };
    expect(items.map((i) => i.name)).toEqual(['admin-token', 'editor-token', 'submitter-token', 'listed']);
    for (const item of items) expect(Object.keys(item).sort(), String(item.name)).toEqual(TOKEN_KEYS);
    expect(items.at(-1)).toMatchObject({ id: created.id, role: 'submitter', revokedAt: t.clock.now().toISOString() });

    const hashes = t.sqlite.prepare('SELECT secret_hash FROM tokens').pluck().all() as string[];
    expect(hashes).toHaveLength(4);
    for (const secret of [...Object.values(t.tokens), created.secret]) expect(text).not.toContain(secret);
    for (const hash of hashes) expect(text).not.toContain(hash);
    expect(text).not.toMatch(/ll_|secret/i);
  });

  it('shows lastUsedAt once a token has been used', async () => {
    const { secret } = await (await create({ name: 'user', role: 'editor' })).json();
    expect((await tokenNamed('user'))!.lastUsedAt).toBeNull();
    t.clock.advance(5 * 60_000);
    expect((await t.request('GET', '/v1/links', { token: secret })).status).toBe(200);
    expect((await tokenNamed('user'))!.lastUsedAt).toBe(t.clock.now().toISOString());
  });
});

describe('DELETE /v1/tokens/{name}', () => {
  it('answers 204 with no body, and the token is refused with 401 from then on', async () => {
    const { secret } = await (await create({ name: 'ci bot', role: 'editor' })).json();
    expect((await t.request('GET', '/v1/links', { token: secret })).status).toBe(200);
    t.clock.advance(1000);

    const res = await revoke('ci bot'); // the space travels percent-encoded
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await tokenNamed('ci bot'))!.revokedAt).toBe(t.clock.now().toISOString());

    for (const [method, path] of [['GET', '/v1/links'], ['POST', '/v1/links'], ['GET', '/v1/tags']] as const) {
      const refused = await t.request(method, path, { token: secret, ...(method === 'POST' ? { body: { url: 'https://example.org/x' } } : {}) });
      expect(refused.status, `${method} ${path}`).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await problemOf(refused)).toMatchObject({ status: 401, type: 'urn:linkletter:problem:unauthorized' });
    }
    // Only that token: the others still work.
    expect((await t.request('GET', '/v1/links', { token: t.tokens.editor })).status).toBe(200);
  });

  it('lets an admin revoke its own token, which then gets 401 too', async () => {
    expect((await revoke('admin-token')).status).toBe(204);
    expect((await t.request('GET', '/v1/tokens', { token: t.tokens.admin })).status).toBe(401);
  });

  it('answers 404 problem+json for an unknown name and for a token revoked already', async () => {
    const unknown = await revoke('nobody');
    expect(unknown.status).toBe(404);
    expect(await problemOf(unknown)).toMatchObject({ status: 404, type: 'urn:linkletter:problem:not-found', title: 'Not found' });

    expect((await revoke('editor-token')).status).toBe(204);
    const revokedAt = (await tokenNamed('editor-token'))!.revokedAt;
    t.clock.advance(60_000);
    const again = await revoke('editor-token');
    expect(again.status).toBe(404);
    expect((await problemOf(again)).detail).toContain('editor-token');
    // The second call changes nothing: the token keeps the time it was first revoked.
    expect((await tokenNamed('editor-token'))!.revokedAt).toBe(revokedAt);
  });

  it('answers 400 problem+json naming the parameter for a name that cannot be a token name', async () => {
    for (const bad of ['%20', '-x', 'a%3Bb', 'x'.repeat(101), '%E2%80%AE']) {
      const res = await t.request('DELETE', `/v1/tokens/${bad}`, { token: t.tokens.admin });
      expect(res.status, bad).toBe(400);
      const problem = await problemOf(res);
      expect(problem, bad).toMatchObject({ status: 400, type: 'urn:linkletter:problem:bad-request' });
      expect(problem.errors.map((e: { path: string }) => e.path), bad).toContain('name');
    }
    expect((await list()).items.every((i) => i.revokedAt === null)).toBe(true);
  });
});

describe('the tokens API for non-admins', () => {
  it.each(['editor', 'submitter'] as const)('answers 403 problem+json to %s on every route and changes nothing', async (role) => {
    const token = t.tokens[role];
    const before = await list();
    const attempts = [
      await t.request('GET', '/v1/tokens', { token }),
      await create({ name: 'sneaky', role: 'admin' }, token),
      await revoke('admin-token', token),
      await revoke(`${role}-token`, token),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      const problem = await problemOf(res);
      expect(problem).toMatchObject({ status: 403, type: 'urn:linkletter:problem:forbidden' });
      expect(problem.detail).toContain('admin');
      expect(JSON.stringify(problem)).not.toMatch(/ll_/);
    }
    expect(await list()).toEqual(before);
  });
});
