import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApi, openApiYaml } from '../../src/api.js';
import { createToken } from '../../src/auth/tokens.repository.js';
import type { Role } from '../../src/auth/roles.js';
import { concrete, hasBody, key, openApiPath, readRouteTable, VALID_BODIES, validBody, type Route } from '../helpers/routes.js';
import { createTestApp, problemOf, type TestApp } from '../helpers/test-app.js';

/**
 * Walks the app's whole route table, so a route added later cannot forget its guard:
 * unless it is listed as public below, it must refuse anonymous, garbage, revoked and
 * under-privileged tokens. The lists are the one thing to edit when a route is added.
 */

/** Routes anyone may call. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /openapi.yaml',
  'GET /docs',
  'GET /docs/assets/:file',
  // The public site (home, icon, archive, issues, feeds) shows published issues only.
  'GET /',
  'GET /favicon.svg',
  'GET /issues',
  'GET /issues/:number',
  'GET /preview/:token',
  'GET /feed.xml',
  'GET /feed.atom',
  'GET /feed.json',
  // The submission form, its proof-of-work script, and the receipt page it leads to.
  'GET /submit',
  'GET /submit.js',
  'GET /submissions/:receipt',
  // Submitting (a token is optional, see OPTIONAL) and following a submission.
  'GET /v1/submissions/challenge',
  'GET /v1/submissions/:receipt',
]);
/** Routes anyone may call, that also take a token: a bad one is refused. */
const OPTIONAL = new Set(['POST /v1/submissions']);
/** Routes only an admin may call. */
const ADMIN = new Set<string>(['POST /v1/admin/backup', 'GET /v1/admin/backups', 'GET /v1/admin/backups/:name']);
/** Routes a submitter token may call (everything else that is guarded needs editor or admin). */
const SUBMITTER = new Set(['POST /v1/links']);
const requiredRole = (r: Route): Role =>
  SUBMITTER.has(key(r)) ? 'submitter' : r.path.startsWith('/v1/tokens') || ADMIN.has(key(r)) ? 'admin' : 'editor';
const ROLES_BELOW: Record<Role, Role[]> = { admin: ['editor', 'submitter'], editor: ['submitter'], submitter: [] };

// The table does not depend on the database; read it once to name the tests.
const ROUTES = await readRouteTable();
const GUARDED = ROUTES.filter((r) => !PUBLIC.has(key(r)) && !OPTIONAL.has(key(r)));
const BELOW = GUARDED.flatMap((r) => ROLES_BELOW[requiredRole(r)].map((role) => ({ ...r, role })));

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

function send(route: Route, token: string | null, headers: Record<string, string> = {}, body?: unknown) {
  if (body === undefined && hasBody(route.method)) {
    const valid = validBody(route);
    return t.request(route.method, concrete(route.path), { token, body: valid.text, headers: { 'content-type': valid.contentType, ...headers } });
  }
  return t.request(route.method, concrete(route.path), { token, body, headers });
}

async function expectUnauthorized(res: Response, route: Route) {
  expect(res.status, `${key(route)} → ${res.status}`).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  const problem = await problemOf(res);
  expect(problem).toMatchObject({ status: 401, type: 'urn:linkletter:problem:unauthorized', title: 'Unauthorized' });
  expect(problem.detail).toEqual(expect.any(String));
}

describe('the route table', () => {
  it('has more than ten routes, so the walk below is not vacuous', () => {
    expect(ROUTES.length).toBeGreaterThan(10);
    expect(GUARDED.length).toBeGreaterThan(5);
  });

  it('holds every route the public and submitter lists name, so the lists cannot rot', () => {
    const present = new Set(ROUTES.map(key));
    expect([...PUBLIC].filter((k) => !present.has(k))).toEqual([]);
    expect([...SUBMITTER].filter((k) => !present.has(k))).toEqual([]);
    expect([...ADMIN].filter((k) => !present.has(k))).toEqual([]);
    expect([...OPTIONAL].filter((k) => !present.has(k))).toEqual([]);
  });

  it('serves the routes where a token is optional without one, and refuses a bad one', async () => {
    for (const route of ROUTES.filter((r) => OPTIONAL.has(key(r)))) {
      expect((await send(route, null)).status, key(route)).toBeLessThan(300);
      await expectUnauthorized(await send(route, 'garbage'), route);
    }
  });

  it('serves every public route without a token', async () => {
    // Issue 1 must exist and be published for /issues/1 to answer 200.
    const link = await t.createLink({ url: 'https://example.org/public', title: 'T', blurb: 'B' });
    await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'S' } });
    await t.request('POST', '/v1/issues/1/items', { body: { linkId: link.id, section: 'Links' } });
    expect((await t.request('POST', '/v1/issues/1/publish')).status).toBe(200);
    // And a draft with a preview link for /preview/{token}.
    await t.request('POST', '/v1/issues', { body: { date: '2026-01-09', subject: 'Draft' } });
    const { path: previewPath } = await (await t.request('POST', '/v1/issues/2/preview')).json();
    const { receipt } = await (await t.request('POST', '/v1/submissions', { token: null, body: { url: 'https://example.org/sent' } })).json();
    const real: Record<string, string> = {
      '/preview/:token': previewPath,
      '/v1/submissions/:receipt': `/v1/submissions/${receipt}`,
      '/submissions/:receipt': `/submissions/${receipt}`,
    };
    for (const route of ROUTES.filter((r) => PUBLIC.has(key(r)))) {
      const res = real[route.path] ? await t.request('GET', real[route.path]!, { token: null }) : await send(route, null);
      expect(res.status, key(route)).toBe(200);
    }
  });

  it('documents bearer security in openapi.yaml on exactly the guarded routes, and security: [] on the public ones', () => {
    const doc = parse(openApiYaml(createApi())) as { paths: Record<string, Record<string, { security?: unknown }>> };
    for (const route of ROUTES) {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      if (!operation) continue; // /docs is not in the document; openapi.test.ts checks coverage
      if (PUBLIC.has(key(route))) expect(operation.security, key(route)).toEqual([]);
      else if (OPTIONAL.has(key(route))) expect(operation.security, key(route)).toEqual([{}, { bearerAuth: [] }]);
      else expect(operation.security, key(route)).toEqual([{ bearerAuth: [] }]);
    }
  });
});

describe.each(GUARDED.map((r) => [key(r), r] as const))('%s', (_name, route) => {
  it('answers 401 problem+json with WWW-Authenticate without a token', async () => {
    await expectUnauthorized(await send(route, null), route);
  });

  it('answers 401 to a garbage token, a malformed header and an unknown well-formed secret', async () => {
    await expectUnauthorized(await send(route, 'garbage'), route);
    await expectUnauthorized(await send(route, `ll_${'A'.repeat(43)}`), route);
    await expectUnauthorized(await t.request(route.method, concrete(route.path), {
      token: null,
      headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      ...(hasBody(route.method) ? { body: VALID_BODIES[key(route)] ?? {} } : {}),
    }), route);
  });

  it('answers 401 to an admin token that was revoked through DELETE /v1/tokens/{name}', async () => {
    const { secret } = await t.ctx.transact((trx) => createToken(trx, { name: 'soon-revoked', role: 'admin', now: t.clock.now() }));
    expect((await t.request('GET', '/v1/tokens', { token: secret })).status).toBe(200);
    expect((await t.request('DELETE', '/v1/tokens/soon-revoked', { token: t.tokens.admin })).status).toBe(204);
    await expectUnauthorized(await send(route, secret), route);
  });

  it('answers 401, not 400 or 422, when the request is also invalid (the guard runs before validation)', async () => {
    if (hasBody(route.method)) {
      await expectUnauthorized(await send(route, null, {}, { unexpected: ['field'] }), route);
      await expectUnauthorized(await send(route, null, {}, '{"not json'), route);
    }
    const badParams = route.path.replace(/:(\w+)/g, '%20-%20');
    await expectUnauthorized(await t.request(route.method, `${badParams}?unknown=1&limit=-5`, {
      token: null,
      ...(hasBody(route.method) ? { body: VALID_BODIES[key(route)] ?? {} } : {}),
    }), route);
  });

  it(`lets the role it needs (${requiredRole(route)}) past the guard`, async () => {
    const res = await send(route, t.tokens[requiredRole(route)]);
    expect([401, 403], `${key(route)} → ${res.status}`).not.toContain(res.status);
    expect(res.status).toBeLessThan(500);
  });
});

describe.each(BELOW.map((r) => [`${key(r)} as ${r.role}`, r] as const))('%s', (_name, route) => {
  it('answers 403 problem+json, also when the body is invalid', async () => {
    for (const body of hasBody(route.method) ? [undefined, { unexpected: ['field'] }] : [undefined]) {
      const res = await send(route, t.tokens[route.role], {}, body);
      expect(res.status, `${key(route)} as ${route.role} → ${res.status}`).toBe(403);
      const problem = await problemOf(res);
      expect(problem).toMatchObject({ status: 403, type: 'urn:linkletter:problem:forbidden', title: 'Forbidden' });
      expect(problem.detail).toContain(requiredRole(route));
    }
  });
});
