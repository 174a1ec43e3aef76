import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.repository.js';
import { testConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { expectAcceptableAnswer, expectNoPollution, prototypeKeys, withDeadline } from '../helpers/hostile.js';
import { rawConnect, type RawResponse } from '../helpers/raw-http.js';
import { concrete, key, readRouteTable, validBody, type Route } from '../helpers/routes.js';

/**
 * Property-based, on the wire: the real server (src/server.ts) on 127.0.0.1, sent bytes no fetch
 * client would send. Request lines with any method token (lowercase, PROPFIND, TRACE, CONNECT),
 * targets with bad or NUL escapes, raw bytes that are not UTF-8, double slashes, dot segments,
 * `*`, absolute form, 20 KB; headers with control bytes, Latin-1, folded lines, no colon,
 * huge values, a missing or broken Host, `Expect`; bodies whose Content-Length is too short,
 * too long, not a number or twice there, and chunked bodies that are broken or cut off.
 * Every answer is a success or a complete 4xx problem+json (whether the app or the HTTP
 * layer refused the request), nothing hangs past 5 s, nothing is logged as an error, and the
 * server still serves afterwards.
 *
 * The single cases each of these grew from are in test/server-protocol-errors.test.ts.
 */

const SEED = Number(process.env.FUZZ_SEED) || 20260417;
const RUNS = Number(process.env.FUZZ_RUNS) || 300;

const ROUTES: Route[] = await readRouteTable();
const before = prototypeKeys();
const logs: string[] = [];
/** An exception nobody caught would end the real server's process: each is kept with the request being sent. */
const uncaught: string[] = [];
const recent: string[] = [];
const onUncaught = (err: Error) => uncaught.push(`${err.stack ?? String(err)}\n  while sending (the last few, newest first):\n${recent.join('\n')}`);
let running: RunningServer;
let tmp: string;
let admin: string;

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  tmp = mkdtempSync(path.join(tmpdir(), 'linkletter-test-'));
  running = await startServer(testConfig({ port: 0, databasePath: path.join(tmp, 'wire.db') }), { logger: createLogger('debug', (line) => logs.push(line)) });
  admin = (await running.ctx.transact((trx) => createToken(trx, { name: 'wire-admin', role: 'admin', now: new Date() }))).secret;
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await running?.stop(1_000);
  rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------- arbitraries (strings are bytes: latin1)

const bytes = (min: number, max: number) => fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 6 }).map((b) => String.fromCharCode(...b));
const printable = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength });
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

const METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'MKCOL', 'TRACE', 'CONNECT', 'PURGE', 'QUERY', 'SEARCH', 'M-SEARCH', 'PRI', 'get', 'post', 'Get', 'G ET', 'GET\t', ''];
const method = (route: Route) => fc.oneof({ arbitrary: fc.constant(route.method), weight: 4 }, { arbitrary: fc.constantFrom(...METHODS), weight: 2 }, { arbitrary: fc.stringMatching(/^[A-Za-z-]{1,10}$/), weight: 1 });

const segment = fc.oneof(
  fc.constantFrom('%00', '%zz', '%', '%%', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%2e%2e', '%2F', '%5C', '..', '.', '', '1', '-1', '1e400', '18446744073709551616', '__proto__', 'constructor', 'sqlite', ';x=1', '%20', '+'),
  bytes(0x80, 0xff), // not UTF-8 as it stands
  bytes(0x00, 0x20), // controls and space
  fc.constantFrom('"', '<', '>', '\\', '^', '`', '{', '|', '}', '#', '?', '\u007f').map((c) => c),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map(utf8),
  printable(20),
);

type Shape = 'as-is' | 'double-slash' | 'dot-segments' | 'long' | 'star' | 'absolute' | 'absolute-broken' | 'protocol-relative' | 'fragment' | 'query' | 'no-slash';
const target = (route: Route) =>
  fc
    .record({
      params: fc.array(fc.option(segment, { freq: 2, nil: undefined }), { minLength: 3, maxLength: 3 }),
      shape: fc.constantFrom<Shape>('as-is', 'as-is', 'as-is', 'double-slash', 'dot-segments', 'long', 'star', 'absolute', 'absolute-broken', 'protocol-relative', 'fragment', 'query', 'query', 'no-slash'),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom('q', 'tag', 'limit', 'cursor', 'token', '', '__proto__', 'tag[]'), printable(6)), segment), { maxLength: 5 }),
      length: fc.integer({ min: 1_000, max: 20_000 }),
    })
    .map(({ params, shape, query, length }) => {
      let i = 0;
      const p = concrete(route.path, () => params[i++]);
      switch (shape) {
        case 'as-is': return p;
        case 'double-slash': return p.replace(/\//g, '//');
        case 'dot-segments': return `/./x/../${p.slice(1)}/.`;
        case 'long': return `${p}/${'a'.repeat(length)}`;
        case 'star': return '*';
        case 'absolute': return `http://evil.example${p}`;
        case 'absolute-broken': return `http://[::1${p}`;
        case 'protocol-relative': return `//evil.example${p}`;
        case 'fragment': return `${p}#frag`;
        case 'query': return `${p}?${query.map(([k, v]) => `${k}=${v}`).join('&')}`;
        case 'no-slash': return p.slice(1);
      }
    });

const headerValue = fc.oneof(
  printable(60),
  bytes(0x80, 0xff),
  bytes(0x00, 0x1f),
  fc.constantFrom('', ' ', '\t', '\u007f', 'a\u0000b', 'application/json; charset=utf-16', 'bytes=0-', '*', 'W/"x"'),
  fc.integer({ min: 1_000, max: 24_000 }).map((n) => 'a'.repeat(n)),
);
const HOSTS = ['127.0.0.1', 'localhost:8787', '[::1]', '[::1', 'a b', 'evil.example:99999', '', 'x'.repeat(300), 'ex%zzample', 'EXAMPLE.org', '127.0.0.1:0', '\u00ff'];

type Framing = 'exact' | 'none' | 'shorter' | 'longer' | 'not-a-number' | 'negative' | 'twice' | 'chunked' | 'chunked-broken' | 'chunked-cut' | 'chunked-and-length';
const request = (route: Route) =>
  fc.record({
    method: method(route),
    target: target(route),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'http/1.1', 'HTTP/1.1 x'),
    host: fc.oneof({ arbitrary: fc.constant('127.0.0.1'), weight: 6 }, { arbitrary: fc.constantFrom(...HOSTS), weight: 1 }, { arbitrary: fc.constant(null), weight: 1 }),
    auth: fc.oneof({ arbitrary: fc.constant('admin'), weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: headerValue.map((v) => `Bearer ${v}`), weight: 1 }),
    extra: fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom('Content-Type', 'Accept', 'If-None-Match', 'If-Modified-Since', 'Expect', 'Transfer-Encoding', 'X-Pad', 'Cookie', 'Range', 'Upgrade', 'Connection'), headerValue).map(([n, v]) => `${n}: ${v}`),
        fc.constantFrom('Expect: 100-continue', 'Expect: garbage', 'Content-Type: application/x-www-form-urlencoded', 'Content-Type: application/json', 'Accept: text/html', 'No-Colon', ' Folded: line', 'Bad Name: x', ': empty-name', 'X:\u0000'),
      ),
      { maxLength: 4 },
    ),
    body: fc.oneof(
      fc.constant(null),
      fc.constant('valid'),
      fc.constantFrom('{', '{"url":', '[[[[', '"\u0000"', '{"url":"https://example.org/w","url":1}', '{"__proto__":{"polluted":true},"url":"https://example.org/p"}', 'url=%zz&email=%00', '1e400', `[${'0,'.repeat(40_000)}0]`),
      fc.string({ unit: 'binary', maxLength: 200 }).map(utf8),
      bytes(0x00, 0xff),
    ),
    framing: fc.constantFrom<Framing>('exact', 'exact', 'exact', 'none', 'shorter', 'longer', 'not-a-number', 'negative', 'twice', 'chunked', 'chunked-broken', 'chunked-cut', 'chunked-and-length'),
  });
type Wire = ReturnType<typeof request> extends fc.Arbitrary<infer T> ? T : never;

/** The request as bytes; `cut`: its body is shorter than it says, so the client ends its side (as a client giving up does). */
function toBytes(route: Route, r: Wire): { bytes: Buffer; cut: boolean } {
  const body = r.body === null ? '' : r.body === 'valid' ? validBody(route).text : r.body;
  const lines = [`${r.method} ${r.target} ${r.version}`];
  if (r.host !== null) lines.push(`Host: ${r.host}`);
  if (r.auth === 'admin') lines.push(`Authorization: Bearer ${admin}`);
  else if (r.auth !== null) lines.push(`Authorization: ${r.auth}`);
  if (r.body === 'valid') lines.push(`Content-Type: ${validBody(route).contentType}`);
  lines.push(...r.extra, 'Connection: close');
  const length = Buffer.byteLength(body, 'latin1');
  let payload = body;
  let cut = false;
  switch (r.framing) {
    case 'exact': if (body !== '') lines.push(`Content-Length: ${length}`); break;
    case 'none': break;
    case 'shorter': lines.push(`Content-Length: ${Math.max(0, length - 3)}`); break;
    case 'longer': lines.push(`Content-Length: ${length + 10}`); cut = true; break;
    case 'not-a-number': lines.push('Content-Length: 12abc'); break;
    case 'negative': lines.push('Content-Length: -1'); break;
    case 'twice': lines.push(`Content-Length: ${length}`, `Content-Length: ${length + 1}`); break;
    case 'chunked': lines.push('Transfer-Encoding: chunked'); payload = `${length.toString(16)}\r\n${body}\r\n0\r\n\r\n`; break;
    case 'chunked-broken': lines.push('Transfer-Encoding: chunked'); payload = `zz\r\n${body}\r\n`; cut = true; break;
    case 'chunked-cut': lines.push('Transfer-Encoding: chunked'); payload = `${(length + 10).toString(16)}\r\n${body}`; cut = true; break;
    case 'chunked-and-length': lines.push('Transfer-Encoding: chunked', `Content-Length: ${length}`); payload = `${length.toString(16)}\r\n${body}\r\n0\r\n\r\n`; break;
  }
  return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n${payload}`, 'latin1'), cut };
}

const shorten = (s: string, max = 300) => JSON.stringify(s.length > max ? `${s.slice(0, max)}… (${s.length} bytes)` : s);

/** Every response the server sends on one connection, until it closes it. */
async function exchange(bytes: Buffer, cut: boolean, head: boolean): Promise<RawResponse[]> {
  const conn = await rawConnect(running.port);
  try {
    conn.send(bytes);
    if (cut) conn.socket.end();
    const responses: RawResponse[] = [];
    for (;;) {
      const res = await conn.next({ bodiless: head && responses.length === 0 });
      if (res === null) return responses;
      responses.push(res);
    }
  } finally {
    conn.close();
  }
}

/** The path as the app sees it: an origin-form target up to its query (`//evil.example/x` stays a path), an absolute one's path. */
const pathOf = (t: string) => {
  if (t.startsWith('/')) return t.split(/[?#]/)[0]!;
  try {
    return new URL(t).pathname;
  } catch {
    return t;
  }
};

describe('hostile bytes to the real server', () => {
  it('answer a success or a complete 4xx problem+json within 5 s, on every connection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES).chain((route) => fc.tuple(fc.constant(route), request(route))), async ([route, r]) => {
        const { bytes, cut } = toBytes(route, r);
        const what = `${key(route)} as ${shorten(bytes.toString('latin1'))}`;
        const head = r.method === 'HEAD';
        recent.unshift(what);
        recent.length = Math.min(recent.length, 3);
        const responses = await withDeadline(exchange(bytes, cut, head), what);
        expect(responses.length, `no answer before the connection closed: ${what}`).toBeGreaterThan(0);
        const contentType = /^content-type: *(.*)$/im.exec(r.extra.join('\n'))?.[1];
        const accept = /^accept: *(.*)$/im.exec(r.extra.join('\n'))?.[1];
        const formPost = key(route) === 'POST /v1/submissions' && /x-www-form-urlencoded/i.test(contentType ?? '');
        for (const [i, res] of responses.entries()) {
          const asked = { method: i === 0 ? r.method : 'GET', path: pathOf(r.target), accept, formPost };
          expectAcceptableAnswer({ status: res.status, contentType: res.headers['content-type'] ?? '', body: res.body }, asked, `${what} (answer ${i + 1})`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);

  it('threw nothing that nobody caught, logged no error while at it, and polluted no prototype', () => {
    expect(uncaught).toEqual([]);
    const errors = logs.filter((line) => JSON.parse(line).level === 'error');
    expect(errors).toEqual([]);
    expectNoPollution(before);
  });

  it('still serves afterwards', async () => {
    const conn = await rawConnect(running.port);
    conn.send(`GET /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${admin}\r\nConnection: close\r\n\r\n`);
    expect((await conn.next())?.status).toBe(200);
    conn.close();
  });
});
