import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { concrete, hasBody, key, readRouteTable, VALID_BODIES, validBody, type Route } from '../helpers/routes.js';
import { contractViolations } from '../helpers/contract.js';
import { expectNoPollution, prototypeKeys, withDeadline } from '../helpers/hostile.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Property-based fuzzing of every route in the app's table with the admin token: random
 * path parameters, bodies, content types and query strings must never produce a 5xx, and
 * every 4xx must be a well-formed problem+json.
 *
 * Each test gets a fresh app (and database) with the same few rows, so any test passes alone
 * and in any order. Within a test the runs share that database, and the last test fuzzes
 * every route in turn on one database, so earlier requests still leave odd rows for later
 * ones to trip on.
 */

const FILTER_NAMES = ['status', 'tag', 'section', 'kind', 'source', 'issue', 'q', 'sort', 'limit', 'cursor', 'enrichment', 'prefix'];
const FIELD_NAMES = ['url', 'title', 'blurb', 'tags', 'section', 'kind', 'credit', 'status', 'name', 'role', 'note', 'id'];

/** The tokens the fuzzer must not revoke or it would test nothing but 401s afterwards. */
const PROTECTED_TOKEN_NAMES = new Set(['admin-token']);

let t: TestApp;
const ROUTES: Route[] = await readRouteTable();

beforeEach(async () => {
  t = await createTestApp();
  // Some rows for the handlers to find, so fuzzing reaches past "not found".
  await t.createLink({ url: 'https://example.org/a', tags: ['sqlite', 'databases'], credit: { name: 'A', url: 'https://a.example' } });
  await t.createLink({ url: 'https://example.org/b', tags: ['sqlite'], section: 'News', kind: 'video' });
  await t.createLink({ url: 'https://example.org/c?x=1', status: 'pending' });
});
afterEach(() => t?.close());
// The bodies carry `__proto__` and `constructor.prototype` keys to every route.
const prototypesBefore = prototypeKeys();
afterAll(() => expectNoPollution(prototypesBefore));

// ---------------------------------------------------------------- arbitraries

const anyCharString = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength }); // lone surrogates too

const percentEscapes = fc
  .array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 })
  .map((bytes) => bytes.map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''));

const nastyConstants = fc.constantFrom(
  '', '.', '..', '../..', '%', '%%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '%2F', '%2e%2e', '%25', '%FF%FE',
  '0', '-1', '1.5', '1e3', '0x10', ' 1', '9007199254740993', '99999999999999999999999', 'NaN', 'Infinity',
  'admin', 'sqlite', 'SQLite ', '#', '?', '&', '=', ';', '\\', '//', '\u0000', '\u202e', '💥', 'e\u0301', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
);

/** A path parameter: raw (so `/`, `?`, `#`, `%` reshape the URL) or percent-encoded. */
const paramValue = fc
  .oneof(
    { arbitrary: nastyConstants, weight: 3 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
    { arbitrary: anyCharString(20), weight: 1 },
    { arbitrary: percentEscapes, weight: 2 },
    { arbitrary: fc.string({ minLength: 500, maxLength: 5000 }), weight: 1 },
    { arbitrary: fc.tuple(nastyConstants, fc.string({ maxLength: 10 }), percentEscapes).map((p) => p.join('')), weight: 2 },
  )
  .chain((value) => fc.constantFrom(value, encodeURIComponent(safeForEncoding(value))));

/** encodeURIComponent throws on lone surrogates; the raw variant still carries them. */
function safeForEncoding(value: string): string {
  return value.replace(/[\uD800-\uDFFF]/g, (ch, i: number, s: string) => {
    const code = ch.charCodeAt(0);
    if (code <= 0xdbff) return /[\uDC00-\uDFFF]/.test(s[i + 1] ?? '') ? ch : '\uFFFD';
    return /[\uD800-\uDBFF]/.test(s[i - 1] ?? '') ? ch : '\uFFFD';
  });
}

const hugeNumberText = fc.oneof(
  fc.constantFrom('1e999', '-1e999', '1e-999', '-0', '0.0000000000000000000000001', '9007199254740993', '1.7976931348623157e309', '123456789012345678901234567890'),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double().filter(Number.isFinite).map(String),
);

/** Nested `n` levels deep, as text (JSON.stringify would recurse). */
const deeplyNested = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array', 'object', 'field'))
  .map(([depth, shape]) =>
    shape === 'array'
      ? '['.repeat(depth) + ']'.repeat(depth)
      : shape === 'object'
        ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
        : `{"tags":${'['.repeat(depth)}${']'.repeat(depth)},"credit":${'{"name":'.repeat(Math.min(depth, 2000))}"x"${'}'.repeat(Math.min(depth, 2000))}}`,
  );

/** Objects with the real field names, so values reach the field validators. */
const fieldy = fc
  .dictionary(
    fc.oneof(fc.constantFrom(...FIELD_NAMES, '__proto__', 'constructor', 'prototype'), fc.string({ maxLength: 8 })),
    fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom('javascript:alert(1)', 'http://', 'https://[::1]/', 'http://localhost:99999/', 'https://xn--/', 'ftp://example.org/'),
      anyCharString(30),
      fc.string({ minLength: 3000, maxLength: 9000 }),
      fc.array(fc.oneof(fc.string({ maxLength: 70 }), fc.jsonValue({ maxDepth: 1 })), { maxLength: 30 }),
    ),
    { maxKeys: 6 },
  )
  .map((o) => JSON.stringify(o));

const protoText = fc
  .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...Object.keys(VALID_BODIES)))
  .map(([polluted, route]) => {
    const valid = JSON.stringify(VALID_BODIES[route]).slice(1, -1);
    return `{"__proto__":${JSON.stringify(polluted)},"constructor":{"prototype":{"polluted":true}},${valid}}`;
  });

const numberText = fc
  .tuple(fc.constantFrom(...FIELD_NAMES), hugeNumberText, fc.boolean())
  .map(([field, n, wrap]) => (wrap ? `{"${field}":${n}}` : n));

type Body = { text: string; contentType: string | null; contentLength: boolean };
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/problem+json', 'application/merge-patch+json'];
const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx', 'application/json-seq', '', '*/*', ';', 'application/json; charset=utf-16', 'application/json, text/plain'];

const bodyText = fc.oneof(
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 3 },
  { arbitrary: fieldy, weight: 4 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 2 },
  { arbitrary: anyCharString(100), weight: 1 },
  { arbitrary: deeplyNested, weight: 1 },
  { arbitrary: numberText, weight: 2 },
  { arbitrary: protoText, weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '{', '"', '{"url":}', '\uFEFF{}', '{"a":1}{"b":2}', '{"tags":null}', '{"name":null}'), weight: 2 },
  { arbitrary: fc.integer({ min: 60_000, max: 80_000 }).map((n) => JSON.stringify({ title: 'x'.repeat(n) })), weight: 1 },
);

const body: fc.Arbitrary<Body> = fc.record({
  text: bodyText,
  contentType: fc.oneof(
    { arbitrary: fc.constantFrom(...JSON_TYPES), weight: 4 },
    { arbitrary: fc.constantFrom(...WRONG_TYPES), weight: 2 },
    // What the one route taking a Markdown file reads; a 415 everywhere else.
    { arbitrary: fc.constantFrom('text/markdown', 'TEXT/Markdown; charset=utf-8'), weight: 1 },
    { arbitrary: fc.constant(null), weight: 1 },
  ),
  // A real server always sees a Content-Length (or chunked); app.request does not add one.
  contentLength: fc.boolean(),
});

const queryValue = fc.oneof(nastyConstants, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }), percentEscapes, hugeNumberText, fc.string({ minLength: 200, maxLength: 1500 }));
const queryString = fc.oneof(
  // Encoded properly, with repeated keys.
  fc
    .dictionary(
      fc.oneof({ arbitrary: fc.constantFrom(...FILTER_NAMES), weight: 4 }, { arbitrary: fc.string({ maxLength: 10 }), weight: 1 }),
      fc.oneof(queryValue, fc.array(queryValue, { minLength: 2, maxLength: 4 })),
      { maxKeys: 5 },
    )
    .map((dict) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(dict)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, safeForEncoding(one));
      return params.toString();
    }),
  // Raw, so malformed escapes and bare separators reach the parser.
  fc
    .array(fc.tuple(fc.constantFrom(...FILTER_NAMES, '', '%', '=', '&'), fc.oneof(nastyConstants, percentEscapes, fc.string({ maxLength: 20 }))), { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
);

/** Each dimension is fuzzed on its own most of the time: a bad query is refused before the body is read. */
const requestFor = (route: Route) =>
  fc.record({
    params: fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.array(paramValue, { minLength: 3, maxLength: 3 }), weight: 2 }),
    query: fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: queryString, weight: 1 }),
    body: hasBody(route.method)
      ? fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: body, weight: 3 })
      : fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: body, weight: 1 }), // a body on DELETE
  });

type Fuzzed = { params: string[] | null; query: string | null; body: Body | null };

function buildRequest(route: Route, input: Fuzzed): { path: string; init: RequestInit } {
  let i = 0;
  const path = concrete(route.path, () => input.params?.[i++]);
  const headers: Record<string, string> = { authorization: `Bearer ${t.tokens.admin}` };
  let payload: string | undefined;
  if (input.body && route.method !== 'GET') {
    payload = input.body.text;
    if (input.body.contentType !== null) headers['content-type'] = input.body.contentType;
    if (input.body.contentLength) headers['content-length'] = String(Buffer.byteLength(payload));
  } else if (hasBody(route.method)) {
    const valid = validBody(route);
    payload = valid.text;
    headers['content-type'] = valid.contentType;
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return { path: input.query === null ? path : `${path}?${input.query}`, init: { method: route.method, headers, body: payload } };
}

const describeRequest = (route: Route, input: Fuzzed) => {
  const { path, init } = buildRequest(route, input);
  const headers = { ...(init.headers as Record<string, string>) };
  delete headers.authorization;
  const body = typeof init.body === 'string' && init.body.length > 300 ? `${init.body.slice(0, 300)}… (${init.body.length} chars)` : init.body;
  return `${route.method} ${path.length > 300 ? `${path.slice(0, 300)}… (${path.length} chars)` : path} headers=${JSON.stringify(headers)} body=${JSON.stringify(body)}`;
};

/** A form post to POST /v1/submissions that fails is answered with the form again (HTML), for the person at it. */
const isFormPost = (route: Route, input: Fuzzed) =>
  key(route) === 'POST /v1/submissions' && /^application\/x-www-form-urlencoded/i.test(input.body?.contentType ?? '');

async function checkResponse(res: Response, what: string, formPost = false): Promise<void> {
  expect(res.status, `5xx for ${what}: ${res.status} ${await res.clone().text()}`).toBeLessThan(500);
  if (res.status < 400) return;
  if (formPost && [400, 422, 429].includes(res.status)) {
    expect(res.headers.get('content-type') ?? '', `content type of ${res.status} for ${what}`).toMatch(/^text\/html\b/);
    expect(await res.text(), what).toContain('<form class="submit" method="post" action="/v1/submissions"');
    return;
  }
  expect(res.headers.get('content-type') ?? '', `content type of ${res.status} for ${what}`).toMatch(/^application\/problem\+json\b/);
  const problem = (await res.json()) as Record<string, unknown>;
  expect(problem, `problem body of ${res.status} for ${what}`).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: res.status,
    detail: expect.any(String),
  });
  // One condition, one type: the 415 of the JSON gate and of the route's validator look alike.
  if (res.status === 415) expect(problem.type, what).toBe('urn:linkletter:problem:unsupported-media-type');
  expect(problem.type, what).toMatch(/^urn:linkletter:problem:[a-z0-9-]+$/);
}

const isProtected = (route: Route, input: Fuzzed) =>
  route.method === 'DELETE' &&
  route.path.startsWith('/v1/tokens/') &&
  input.params !== null &&
  [...PROTECTED_TOKEN_NAMES].some((name) => {
    try {
      return decodeURIComponent(input.params![0]!).trim() === name;
    } catch {
      return input.params![0]!.trim() === name;
    }
  });

/** Bounded for CI (the whole file runs in a few seconds); `FUZZ_RUNS=5000 npx vitest run test/http/fuzz.test.ts` digs deeper. */
const RUNS = Number(process.env.FUZZ_RUNS) || 150;

/** Fuzzes `route` with `numRuns` random requests on the current app. */
function fuzz(route: Route, numRuns: number): Promise<void> {
  return fc.assert(
    fc.asyncProperty(requestFor(route), async (input) => {
      fc.pre(!isProtected(route, input));
      const { path, init } = buildRequest(route, input);
      const res = await withDeadline(t.app.request(path, init), describeRequest(route, input));
      const violations = await contractViolations(init.method ?? 'GET', path, res);
      await checkResponse(res, describeRequest(route, input), isFormPost(route, input));
      if (violations.length > 0 && process.env.CONTRACT_REPORT) appendFileSync(process.env.CONTRACT_REPORT, `${violations.join('\n')}\n`);
      else expect(violations, describeRequest(route, input)).toEqual([]);
    }),
    { numRuns },
  );
}

/**
 * The admin token cannot be un-revoked or re-created (its name stays taken), so while it
 * authenticates now, it authenticated every run before: they were not all 401s.
 */
async function expectAdminStillAuthenticates(): Promise<void> {
  const res = await t.request('GET', '/v1/tokens', { token: t.tokens.admin });
  expect(res.status, 'the admin token no longer authenticates: the runs were 401s').toBe(200);
}

describe('fuzzing every route with the admin token', () => {
  it('has routes to fuzz', () => {
    expect(ROUTES.length).toBeGreaterThan(10);
  });

  it.each(ROUTES.map((r) => [key(r), r] as const))(
    'never answers 5xx to %s, and every 4xx is a complete problem+json',
    async (_name, route) => {
      await fuzz(route, RUNS);
      await expectAdminStillAuthenticates();
    },
  );

  it('still authenticates the admin token after fuzzing every route in turn on one database (so the runs were not all 401s)', async () => {
    for (const route of ROUTES) await fuzz(route, Math.max(10, Math.ceil(RUNS / 10)));
    await expectAdminStillAuthenticates();
  });
});
