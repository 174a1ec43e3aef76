import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAcceptableAnswer, expectNoPollution, prototypeKeys, withDeadline } from '../helpers/hostile.js';
import { concrete, hasBody, key, readRouteTable, VALID_BODIES, validBody, type Route } from '../helpers/routes.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Property-based: whole requests made of hostile parts, any route of the table. Where
 * test/http/fuzz.test.ts fuzzes each route's parameters, query and body with its own method
 * and the admin token, this one also varies what it holds fixed: the method (PROPFIND,
 * lowercase, OPTIONS, HEAD), the path's shape (double slashes, dot segments, %00, %zz, very
 * long), the headers (Authorization of every scheme and none, Accept, If-None-Match,
 * Content-Type parameters, huge values), and puts the values JSON parsers and validators trip
 * on (10,000 levels, 100k elements, 1e400, -0, 2**64, lone surrogates and invalid UTF-8, NUL,
 * duplicate keys, `__proto__`) into otherwise valid bodies, where they reach the validators,
 * and form posts. Always a success or a complete 4xx problem+json, within 5 s; and no request
 * leaves a key on a built-in prototype.
 *
 * What only a real server sees (a raw request line, bytes no fetch client sends, Node's header
 * limit, a Content-Length that lies) is in test/http/hostile-wire.test.ts.
 */

const SEED = Number(process.env.FUZZ_SEED) || 20260416;
const RUNS = Number(process.env.FUZZ_RUNS) || 700;

const ROUTES: Route[] = await readRouteTable();
let t: TestApp;
const before = prototypeKeys();
const statuses = new Map<number, number>();

beforeAll(async () => {
  t = await createTestApp();
  await t.createLink({ url: 'https://example.org/a', tags: ['sqlite'], credit: { name: 'A', url: 'https://a.example' } });
  await t.createLink({ url: 'https://example.org/b', status: 'pending' });
  const issue = await t.request('POST', '/v1/issues', { body: { date: '2026-01-02', subject: 'One' } });
  expect(issue.status).toBe(201);
});
afterAll(() => t?.close());

// ---------------------------------------------------------------- arbitraries

const printable = (maxLength: number, minLength = 0) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), minLength, maxLength });
/** Latin-1 too: what a header value may carry (fetch refuses anything above U+00FF and most controls). */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }), fc.constant(0x09)).map((n) => String.fromCharCode(n)), maxLength }).map((s) => s.trim());
const anyChar = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

// Methods: the route's own most of the time, otherwise anything fetch lets through (it refuses CONNECT, TRACE and TRACK).
const ODD_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'LOCK', 'PURGE', 'QUERY', 'SEARCH', 'M-SEARCH', 'LINK', 'get', 'head', 'post', 'patch', 'delete', 'options', 'Get', 'X-FOO'];
const method = (route: Route) =>
  fc.oneof({ arbitrary: fc.constant(route.method), weight: 3 }, { arbitrary: fc.constantFrom(...ODD_METHODS), weight: 2 }, { arbitrary: fc.stringMatching(/^[A-Z][A-Z-]{0,11}$/), weight: 1 });

const segment = fc.oneof(
  fc.constantFrom('%00', '%zz', '%', '%%', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF%FE', '%2e%2e', '%2F', '%5C', '..', '.', '1', '0', '-1', '007', '1e400', '-0', '18446744073709551616', '9'.repeat(40), '__proto__', 'constructor', 'prototype', '💥', 'e\u0301', '\u202e', '\u0000', '\ud800', ' ', '+', ';', ',', 'sqlite', 'SQLITE', 'swagger-ui.css'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: anyChar, maxLength: 10 }),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }).map((bytes) => bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
);

type PathShape = 'as-is' | 'double-slash' | 'trailing-slash' | 'dot-segments' | 'encoded-dots' | 'extra-segments' | 'very-long' | 'uppercase' | 'backslashes';
const pathFor = (route: Route) =>
  fc
    .record({
      params: fc.array(fc.option(segment, { freq: 3, nil: undefined }), { minLength: 3, maxLength: 3 }),
      shape: fc.constantFrom<PathShape>('as-is', 'as-is', 'double-slash', 'trailing-slash', 'dot-segments', 'encoded-dots', 'extra-segments', 'very-long', 'uppercase', 'backslashes'),
      extra: fc.array(segment, { minLength: 1, maxLength: 4 }),
      length: fc.integer({ min: 2_000, max: 70_000 }),
      at: fc.nat(),
    })
    .map(({ params, shape, extra, length, at }) => {
      let i = 0;
      const path = concrete(route.path, () => params[i++]);
      const slashes = [...path.matchAll(/\//g)].map((m) => m.index);
      const cut = slashes[at % slashes.length]!;
      switch (shape) {
        case 'as-is': return path;
        case 'double-slash': return `${path.slice(0, cut)}/${path.slice(cut)}`;
        case 'trailing-slash': return `${path}/`;
        case 'dot-segments': return `${path.slice(0, cut)}/./x/..${path.slice(cut)}`;
        case 'encoded-dots': return `${path.slice(0, cut)}/%2e%2E/%2e${path.slice(cut)}`;
        case 'extra-segments': return `${path}/${extra.join('/')}`;
        case 'very-long': return `${path}/${'a'.repeat(length)}`;
        case 'uppercase': return path.toUpperCase();
        case 'backslashes': return path.replace(/\//g, '\\');
      }
    });

const QUERY_NAMES = ['status', 'tag', 'section', 'kind', 'source', 'issue', 'q', 'sort', 'limit', 'cursor', 'enrichment', 'prefix', 'page', 'facets', 'format', 'token'];
const queryPart = fc.oneof(
  fc.constantFrom('', '%00', '\u0000', '%zz', '%', 'é', '%C3%A9', '%FF', '%ED%A0%80', '💥', '\ud800', '1e400', '-0', '18446744073709551616', '9'.repeat(400), 'true', '[]', '{}', 'null', '__proto__', 'constructor', '+', '%2B', '&', '='),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  printable(2000, 500),
);
const queryName = fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.constantFrom('', '__proto__', 'constructor', 'tag[]', 'tag[0]', 'a.b', '💥', '\u0000', '%00', '%zz', '%'), fc.string({ maxLength: 8 }));
/** Raw (so escapes reach the parser as typed), with repeated names and names with array syntax. */
const queryString = fc
  .tuple(fc.array(fc.tuple(queryName, queryPart, fc.boolean()), { maxLength: 6 }), fc.nat({ max: 3 }))
  .map(([pairs, repeat]) => {
    const all = pairs.length > 0 ? [...pairs, ...Array.from({ length: repeat }, () => pairs[0]!)] : pairs;
    return all.map(([n, v, bare]) => (bare && v === '' ? n : `${n}=${v}`)).join('&');
  });

const base64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const authorization = (tokens: TestApp['tokens']) =>
  fc.oneof(
    { arbitrary: fc.constant(`Bearer ${tokens.admin}`), weight: 6 },
    { arbitrary: fc.constantFrom(`Bearer ${tokens.editor}`, `Bearer ${tokens.submitter}`, `bearer ${tokens.admin}`, `BEARER     ${tokens.admin}`), weight: 2 },
    { arbitrary: fc.stringMatching(/^ll_[A-Za-z0-9_-]{43}$/).map((s) => `Bearer ${s}`), weight: 1 }, // well-formed, unknown
    {
      arbitrary: fc.constantFrom(
        'Bearer', 'Basic', 'Bearer ll_', tokens.admin, `Token ${tokens.admin}`, `Bearer ${tokens.admin} extra`, `Bearer ${tokens.admin},Bearer ll_x`,
        `Bearer ${tokens.admin.slice(0, -1)}`, `Bearer ${tokens.admin}x`, 'Digest username="admin", realm="x"', 'Negotiate YII=', 'AWS4-HMAC-SHA256 Credential=x',
      ),
      weight: 2,
    },
    { arbitrary: printable(40).map((s) => `Basic ${base64(s)}`), weight: 1 },
    { arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/), headerText(80)).map(([scheme, rest]) => `${scheme} ${rest}`.trim()), weight: 1 },
    { arbitrary: fc.integer({ min: 1_000, max: 30_000 }).map((n) => `Bearer ll_${'x'.repeat(n)}`), weight: 1 },
  );

const ACCEPTS = [
  'application/json', 'application/problem+json', 'text/html', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', '*/*', '*/*;q=0', 'application/json;q=0',
  'text/html;q=abc', 'application/rss+xml', 'image/*', ';;,,', 'application/*', 'text/markdown', 'application/json; charset=utf-16', 'text/*;q=1e400', 'application/json;q=-1',
];
const headersFor = (tokens: TestApp['tokens']) =>
  fc.record(
    {
      authorization: authorization(tokens),
      accept: fc.oneof(fc.constantFrom(...ACCEPTS), headerText(80)),
      'if-none-match': fc.oneof(fc.constantFrom('*', 'W/"x"', '"x"', 'W/', '""', ',,,', '*, "x"', `"${'a'.repeat(10_000)}"`), headerText(80)),
      'if-modified-since': fc.constantFrom('garbage', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', '-1', '0', 'Mon, 32 Foo 2026 99:99:99 GMT'),
      'accept-language': fc.oneof(fc.constantFrom('*', 'en;q=x', 'zz-ZZ-x-private', ',,'), headerText(40)),
      'accept-encoding': fc.constantFrom('gzip', 'br;q=0', 'identity;q=0', '*;q=0', 'x-garbage'),
      'x-forwarded-for': fc.oneof(fc.constantFrom('::1', '127.0.0.1, 10.0.0.1', 'unknown', '999.999.999.999', '[::1]:80'), headerText(60)),
      forwarded: fc.constantFrom('for=unknown', 'for="[::1]";proto=https', ';;;'),
      origin: fc.constantFrom('null', 'https://evil.example', 'http://127.0.0.1:8787', 'file://'),
      range: fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=99999999999999999999-', 'lines=1-2'),
      cookie: headerText(200),
      'x-huge': fc.integer({ min: 8_000, max: 100_000 }).map((n) => 'a'.repeat(n)),
    },
    { requiredKeys: [] },
  );

// Bodies: a valid body of the route with one hostile value in it, so the validators see it.
const RAW = '\u0001RAW\u0001';
const INVALID_UTF8: Buffer[] = [Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xe2, 0x82]), Buffer.from([0x00])];

const nested = (depth: number, shape: 'array' | 'object' | 'proto') =>
  shape === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : shape === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '{"__proto__":'.repeat(depth) + '{"polluted":true}' + '}'.repeat(depth);

const hostileJson = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '1e400', '-1e400', '1e-400', '-0', '-0.0', '0e0', '18446744073709551616', '-18446744073709551617', `1${'0'.repeat(400)}`, `0.${'0'.repeat(400)}1`, '9007199254740993', '1.5', '-1', '0', '2147483648',
      'true', 'null', '""', '" "', '"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"x\\udfff\\ud800y"', '"\\ud83d"', '"\\uFEFF"', '"\\u202e"', '"\\u0085\\u2028\\u2029"',
      '[]', '{}', '[null]', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '[{"__proto__":{"polluted":true}}]', '{"prototype":{"polluted":true}}',
      `"x${RAW}y"`, `"${RAW}"`,
    ),
    weight: 6,
  },
  { arbitrary: fc.constantFrom<'array' | 'object' | 'proto'>('array', 'object', 'proto').map((shape) => nested(10_000, shape)), weight: 1 },
  { arbitrary: fc.integer({ min: 2, max: 3_000 }).chain((d) => fc.constantFrom<'array' | 'object' | 'proto'>('array', 'object', 'proto').map((s) => nested(d, s))), weight: 1 },
  // 100k elements is past the 64 KiB limit whatever they are; 20k small ones is not.
  { arbitrary: fc.constantFrom(`[${'0,'.repeat(99_999)}0]`, `[${'1,'.repeat(19_999)}1]`, `[${'"sqlite",'.repeat(5_000)}"sqlite"]`, `[${'{},'.repeat(10_000)}{}]`), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), weight: 2 },
  { arbitrary: fc.string({ unit: anyChar, maxLength: 20 }).map((s) => JSON.stringify(s)), weight: 2 }, // lone surrogates, escaped
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => JSON.stringify(s)), weight: 1 },
);

type BodyMode = 'replace' | 'add' | 'duplicate-after' | 'duplicate-before' | 'whole' | 'inside-first';
const ADDED_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'url', 'tags', 'id', 'ids', 'name', '', 'x'.repeat(300)];

/** The valid body of `route` as JSON text, with `hostile` put in by `mode`. */
function hostileBody(route: Route, mode: BodyMode, hostile: string, pick: number, addedKey: string): string {
  const valid = VALID_BODIES[key(route)] ?? {};
  const object = Array.isArray(valid) ? (valid[0] as Record<string, unknown>) : typeof valid === 'object' && valid !== null ? (valid as Record<string, unknown>) : undefined;
  if (object === undefined || mode === 'whole') return hostile;
  const entries = Object.entries(object).map(([k, v]) => [JSON.stringify(k), JSON.stringify(v)] as [string, string]);
  const target = entries.length > 0 ? entries[pick % entries.length]![0] : JSON.stringify(addedKey);
  const firstObject = entries.findIndex(([, v]) => v.startsWith('{') || v.startsWith('['));
  let out: [string, string][];
  switch (mode) {
    case 'replace': out = entries.length > 0 ? entries.map(([k, v]) => [k, k === target ? hostile : v]) : [[target, hostile]]; break;
    case 'add': out = pick % 2 === 0 ? [[JSON.stringify(addedKey), hostile], ...entries] : [...entries, [JSON.stringify(addedKey), hostile]]; break;
    case 'duplicate-after': out = [...entries, [target, hostile]]; break;
    case 'duplicate-before': out = [[target, hostile], ...entries]; break;
    case 'inside-first':
      out = firstObject < 0 ? [...entries, [JSON.stringify(addedKey), hostile]] : entries.map(([k, v], i) => [k, i === firstObject ? insideFirst(v, addedKey, hostile) : v]);
      break;
  }
  const text = `{${out.map(([k, v]) => `${k}:${v}`).join(',')}}`;
  return Array.isArray(valid) ? `[${text}]` : text;
}

/** `{"a":1}` → `{"__proto__":<hostile>,"a":1}`; `[x]` → `[<hostile>,x]`. */
function insideFirst(json: string, addedKey: string, hostile: string): string {
  if (json.startsWith('[')) return `[${hostile}${json === '[]' ? '' : ','}${json.slice(1)}`;
  return `{${JSON.stringify(addedKey)}:${hostile}${json === '{}' ? '' : ','}${json.slice(1)}`;
}

const FORM_NAMES = ['url', 'title', 'note', 'name', 'email', 'section', 'website', 'pow_challenge', 'pow_solution', '__proto__', 'constructor', 'constructor[prototype][polluted]', '__proto__[polluted]', 'url[]', 'url.x', ''];
const formValue = fc.oneof(
  fc.constantFrom('https://example.org/form', 'https%3A%2F%2Fexample.org%2Fenc', 'https://user:pass@example.org/', '%zz', '%', '%00', '\u0000', '%ED%A0%80', '+++', 'a+b%20c', '💥', 'javascript:alert(1)', 'x@y', '1e400', `https://example.org/${'a'.repeat(3_000)}`),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: anyChar, maxLength: 10 }),
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'n'.repeat(n)),
);
const formBody = fc.array(fc.tuple(fc.constantFrom(...FORM_NAMES), formValue), { minLength: 0, maxLength: 10 }).map((pairs) => pairs.map(([n, v]) => `${n}=${v}`).join('&'));

const JSON_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"', 'application/json; charset=latin1', 'application/json; charset=utf-16le',
  'application/json; boundary=--x; charset=ascii', 'application/json;', 'application/json ; q=1', 'Application/JSON', 'application/vnd.api+json', 'application/merge-patch+json', 'application/json; charset=',
];
const FORM_TYPES = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'application/x-www-form-urlencoded; charset=ISO-8859-1', 'APPLICATION/X-WWW-FORM-URLENCODED'];
const OTHER_TYPES = ['text/plain', 'multipart/form-data; boundary=x', 'text/markdown', 'application/octet-stream', '', ';', 'application/json, text/plain', 'application/jsonx'];

type Body = { bytes: Uint8Array; contentType: string | undefined; contentLength: boolean; form: boolean };
const bodyFor = (route: Route) =>
  fc.oneof(
    {
      arbitrary: fc
        .record({
          mode: fc.constantFrom<BodyMode>('replace', 'replace', 'add', 'duplicate-after', 'duplicate-before', 'whole', 'inside-first'),
          hostile: hostileJson,
          pick: fc.nat(),
          addedKey: fc.constantFrom(...ADDED_KEYS),
          rawBytes: fc.constantFrom(...INVALID_UTF8),
          contentType: fc.oneof({ arbitrary: fc.constantFrom(...JSON_TYPES), weight: 6 }, { arbitrary: fc.constantFrom(...OTHER_TYPES), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 }),
          contentLength: fc.boolean(),
        })
        .map(({ mode, hostile, pick, addedKey, rawBytes, contentType, contentLength }): Body => {
          const text = hostileBody(route, mode, hostile, pick, addedKey);
          return { bytes: encodeWithRawBytes(text, rawBytes), contentType, contentLength, form: false };
        }),
      weight: 4,
    },
    {
      arbitrary: fc.record({ text: formBody, contentType: fc.constantFrom(...FORM_TYPES), contentLength: fc.boolean() }).map(({ text, contentType, contentLength }): Body => ({ bytes: Buffer.from(text, 'utf8'), contentType, contentLength, form: true })),
      weight: key(route) === 'POST /v1/submissions' ? 4 : 1,
    },
  );

/** UTF-8, except that each RAW marker becomes bytes that are not UTF-8 at all. */
function encodeWithRawBytes(text: string, raw: Buffer): Uint8Array {
  const parts = text.split(RAW);
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [Buffer.from(part, 'utf8')] : [raw, Buffer.from(part, 'utf8')])));
}

type Focus = 'method' | 'path' | 'headers' | 'query' | 'body' | 'all';
/**
 * One dimension is hostile at a time most of the time, the others as a client would send them
 * (the route's method and sample path, the admin token, its valid body): a 404 for the path or
 * a 401 for the token would otherwise answer before the body is read.
 */
const requestFor = (route: Route) =>
  fc
    .record({
      focus: fc.constantFrom<Focus>('method', 'path', 'headers', 'query', 'body', 'body', 'body', 'all'),
      method: method(route),
      path: pathFor(route),
      query: fc.option(queryString, { freq: 4, nil: undefined }),
      headers: headersFor(t.tokens),
      body: fc.option(bodyFor(route), { freq: hasBody(route.method) ? 6 : 3, nil: undefined }),
    })
    .map(({ focus, ...hostile }): Fuzzed => {
      const valid = validBody(route);
      const benign: Fuzzed = {
        method: route.method,
        path: concrete(route.path),
        query: undefined,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        body: hasBody(route.method) ? { bytes: Buffer.from(valid.text), contentType: valid.contentType, contentLength: true, form: false } : undefined,
      };
      if (focus === 'all') return hostile;
      if (focus === 'headers') return { ...benign, headers: hostile.headers };
      return { ...benign, [focus]: hostile[focus] };
    });
type Fuzzed = { method: string; path: string; query: string | undefined; headers: Record<string, string>; body: Body | undefined };

// ---------------------------------------------------------------- the property

function toInit(input: Fuzzed): { url: string; init: RequestInit } {
  const headers: Record<string, string> = { ...input.headers };
  const upper = input.method.toUpperCase();
  let body: Uint8Array | undefined;
  if (input.body && upper !== 'GET' && upper !== 'HEAD') {
    body = input.body.bytes;
    if (input.body.contentType !== undefined) headers['content-type'] = input.body.contentType;
    if (input.body.contentLength) headers['content-length'] = String(body.byteLength);
  }
  return { url: input.query === undefined ? input.path : `${input.path}?${input.query}`, init: { method: input.method, headers, body } };
}

const short = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s);
function describeRequest(input: Fuzzed): string {
  const { url, init } = toInit(input);
  const headers = Object.fromEntries(Object.entries(init.headers as Record<string, string>).map(([k, v]) => [k, short(v, 80)]));
  const body = init.body ? short(Buffer.from(init.body as Uint8Array).toString('latin1'), 300) : undefined;
  return `${init.method} ${short(url)} headers=${JSON.stringify(headers)} body=${JSON.stringify(body)}`;
}

/** The fuzzer must not revoke the admin token it mostly sends, or all that follows is 401s. */
const revokesAdmin = (input: Fuzzed) => /admin-token/.test(decodeURIComponentSafe(input.path));
function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

async function send(route: Route, input: Fuzzed): Promise<void> {
  fc.pre(!revokesAdmin(input));
  const what = `${key(route)} as ${describeRequest(input)}`;
  const { url, init } = toInit(input);
  const answer = await withDeadline(
    (async () => {
      const res = await t.app.request(url, init);
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
    })(),
    what,
  );
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  // The path as the app sees it: what the URL parser made of the one sent (as app.request builds it).
  const seenPath = new URL(`http://localhost${url.startsWith('/') ? '' : '/'}${url}`).pathname;
  expectAcceptableAnswer(answer, { method: input.method, path: seenPath, accept: input.headers.accept, formPost: input.body?.form === true && init.body !== undefined }, what);
  expectNoPollution(before, what);
}

describe('hostile requests to any route', () => {
  it('answer a success or a complete 4xx problem+json within 5 s, and pollute no prototype', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES).chain((route) => fc.tuple(fc.constant(route), requestFor(route))), ([route, input]) => send(route, input)),
      { seed: SEED, numRuns: RUNS },
    );
    expectNoPollution(before);
  }, 120_000);

  it('reached past the guards: successes, validation errors and more than a handful of statuses', () => {
    const seen = [...statuses.keys()];
    if (process.env.FUZZ_STATS) console.log(JSON.stringify([...statuses].sort((a, b) => a[0] - b[0])));
    expect(seen.some((s) => s >= 200 && s < 300), JSON.stringify([...statuses])).toBe(true);
    expect(seen, JSON.stringify([...statuses])).toEqual(expect.arrayContaining([401, 404, 405, 413, 415, 422]));
  });

  it('still authenticates the admin token afterwards (so the runs were not all 401s)', async () => {
    expect((await t.request('GET', '/v1/tokens', { token: t.tokens.admin })).status).toBe(200);
  });
});
