import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_URL_LENGTH,
  TRACKING_PARAMS,
  cleanUrl,
  isTrackingParam,
  type UrlProblem,
} from '../../src/links/canonical-url.js';

function clean(input: string) {
  const result = cleanUrl(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input.slice(0, 100))} to be accepted, got ${result.problem.code}`);
  return result.value;
}

function keyOf(input: string): string {
  return clean(input).canonicalKey;
}

function problemOf(input: string): UrlProblem {
  const result = cleanUrl(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input.slice(0, 100))} to be refused, got ${result.value.url}`);
  return result.problem;
}

const longUrl = (length: number) => {
  const base = 'https://example.com/';
  return base + 'a'.repeat(length - base.length);
};

describe('cleanUrl accepts http(s) URLs', () => {
  it.each([
    // behaviour, input, stored url, canonical key
    ['lowercases scheme and host and drops :80 on http', 'HTTP://EXAMPLE.com:80/x', 'http://example.com/x', 'example.com/x'],
    ['drops :443 on https', 'https://example.com:443/a', 'https://example.com/a', 'example.com/a'],
    ['keeps a non-default port in url and key', 'https://example.com:8443/a', 'https://example.com:8443/a', 'example.com:8443/a'],
    ['keeps :443 on http because it is not the http default', 'http://example.com:443/', 'http://example.com:443/', 'example.com:443'],
    ['removes utm_*, keeps www, trailing slash and fragment in url only', 'https://www.Example.com/a/?utm_source=x#top', 'https://www.example.com/a/#top', 'example.com/a'],
    ['leaves a plain http URL as given', 'http://example.com/a', 'http://example.com/a', 'example.com/a'],
    ['keeps ordinary query parameters in url and key', 'https://example.com/a?b=1', 'https://example.com/a?b=1', 'example.com/a?b=1'],
    ['keeps query order in url but sorts it in key', 'https://example.com/?b=2&a=1&utm_medium=z', 'https://example.com/?b=2&a=1', 'example.com?a=1&b=2'],
    ['converts an IDN host to punycode', 'https://bücher.de/', 'https://xn--bcher-kva.de/', 'xn--bcher-kva.de'],
    ['lowercases an uppercase IDN host before punycode', 'https://BÜCHER.de/x', 'https://xn--bcher-kva.de/x', 'xn--bcher-kva.de/x'],
    ['gives a bare origin a root path in url and an empty path in key', 'https://example.com', 'https://example.com/', 'example.com'],
    ['trims surrounding whitespace', '  https://example.com/a \n', 'https://example.com/a', 'example.com/a'],
    ['supports IPv6 literals with a port', 'http://[::1]:8080/', 'http://[::1]:8080/', '[::1]:8080'],
    ['lowercases IPv6 literals and drops their default port', 'https://[2001:DB8::1]:443/x', 'https://[2001:db8::1]/x', '[2001:db8::1]/x'],
    ['supports IPv4 hosts', 'http://127.0.0.1:3000/a', 'http://127.0.0.1:3000/a', '127.0.0.1:3000/a'],
    ['keeps a trailing dot in url but not in key', 'https://example.com./x/', 'https://example.com./x/', 'example.com/x'],
    ['strips the trailing dot before stripping www in key', 'https://www.example.com./', 'https://www.example.com./', 'example.com'],
    ['drops an empty query', 'https://example.com/a?', 'https://example.com/a', 'example.com/a'],
    ['drops the ? when only tracking params were present', 'https://example.com/a?utm_source=x&fbclid=y', 'https://example.com/a', 'example.com/a'],
    ['sorts repeated params by value in key', 'https://example.com/?a=2&a=1', 'https://example.com/?a=2&a=1', 'example.com?a=1&a=2'],
    ['sorts by name then value and keeps valueless params', 'https://example.com/p?b=1&c&a=2&a=1', 'https://example.com/p?b=1&c&a=2&a=1', 'example.com/p?a=1&a=2&b=1&c'],
    ['matches tracking names case-insensitively', 'https://example.com/?UTM_Source=1&FBCLID=2&Gclid=3&q=x', 'https://example.com/?q=x', 'example.com?q=x'],
    ['keeps generic names like ref, source, id, page and si', 'https://example.com/?ref=a&source=b&id=1&page=2&si=xyz', 'https://example.com/?ref=a&source=b&id=1&page=2&si=xyz', 'example.com?id=1&page=2&ref=a&si=xyz&source=b'],
    ['removes well-known non-utm trackers', 'https://example.com/?_ga=1&_gl=2&mc_cid=3&mc_eid=4&igshid=5&msclkid=6&keep=1', 'https://example.com/?keep=1', 'example.com?keep=1'],
    ['removes HubSpot, Matomo and Marketo trackers', 'https://example.com/?__hstc=1&_hsenc=2&pk_campaign=3&mtm_source=4&mkt_tok=5&x=1', 'https://example.com/?x=1', 'example.com?x=1'],
    ['removes any utm_ suffix, not only the classic five', 'https://example.com/?utm_id=1&utm_whatever=2&utmost=3', 'https://example.com/?utmost=3', 'example.com?utmost=3'],
    ['keeps the spelling of params around a removed one', 'https://example.com/?Z=%7a&utm_campaign=c&A=1', 'https://example.com/?Z=%7a&A=1', 'example.com?A=1&Z=z'],
    ['removes a tracking param whose name is percent-encoded', 'https://example.com/?utm%5Fsource=x&q=1', 'https://example.com/?q=1', 'example.com?q=1'],
    ['keeps the case of query names in key', 'https://example.com/?Q=1', 'https://example.com/?Q=1', 'example.com?Q=1'],
    ['keeps the case of the path', 'https://Example.com/About/Team/', 'https://example.com/About/Team/', 'example.com/About/Team'],
    ['keeps the fragment in url and drops it from key', 'https://example.com/a#section-2', 'https://example.com/a#section-2', 'example.com/a'],
    ['keeps query and fragment together', 'https://example.com/a?x=1&utm_term=t#frag', 'https://example.com/a?x=1#frag', 'example.com/a?x=1'],
    ['decodes escaped unreserved characters in key only', 'https://example.com/%7euser/%41bc', 'https://example.com/%7euser/%41bc', 'example.com/~user/Abc'],
    ['uppercases remaining escapes in key and keeps %2F escaped', 'https://example.com/a%2fb?q=%3a', 'https://example.com/a%2fb?q=%3a', 'example.com/a%2Fb?q=%3A'],
    ['encodes characters WHATWG leaves raw in key', 'https://example.com/a|b^?q={x}', 'https://example.com/a|b^?q={x}', 'example.com/a%7Cb%5E?q=%7Bx%7D'],
    ['encodes a stray % in key', 'https://example.com/100%', 'https://example.com/100%', 'example.com/100%25'],
    ['resolves dot segments', 'https://example.com/a/./b/../c', 'https://example.com/a/c', 'example.com/a/c'],
    ['strips www only in key', 'https://www.example.com/', 'https://www.example.com/', 'example.com'],
    ['does not reduce www.com to com', 'https://www.com/', 'https://www.com/', 'www.com'],
    ['strips only a leading www label', 'https://www2.blog.www.example.com/', 'https://www2.blog.www.example.com/', 'www2.blog.www.example.com'],
    ['removes every trailing slash in key', 'https://example.com/a//', 'https://example.com/a//', 'example.com/a'],
    ['drops empty query segments', 'https://example.com/?a=1&&b=2&', 'https://example.com/?a=1&b=2', 'example.com?a=1&b=2'],
    ['treats a= and a alike in key', 'https://example.com/?a=', 'https://example.com/?a=', 'example.com?a'],
    ['keeps = and ? inside a value', 'https://example.com/?next=/a?b=c', 'https://example.com/?next=/a?b=c', 'example.com?next=/a?b=c'],
    ['keeps + distinct from %20 and %2B', 'https://example.com/?q=a+b&r=a%20b&s=a%2bb', 'https://example.com/?q=a+b&r=a%20b&s=a%2bb', 'example.com?q=a+b&r=a%20b&s=a%2Bb'],
    ['accepts an empty userinfo and drops the @', 'https://@example.com/', 'https://example.com/', 'example.com'],
  ])('%s: %s', (_behaviour, input, url, canonicalKey) => {
    expect(cleanUrl(input)).toEqual({ ok: true, value: { url, canonicalKey } });
  });

  it('accepts a URL of exactly MAX_URL_LENGTH characters', () => {
    expect(clean(longUrl(MAX_URL_LENGTH)).url).toHaveLength(MAX_URL_LENGTH);
  });
});

describe('cleanUrl refuses what cannot be a link', () => {
  it.each([
    ['refuses ftp', 'ftp://x', 'unsupported_scheme'],
    ['refuses javascript:', 'javascript:alert(1)', 'unsupported_scheme'],
    ['refuses mailto:', 'mailto:a@b.c', 'unsupported_scheme'],
    ['refuses data:', 'data:text/html,hi', 'unsupported_scheme'],
    ['refuses file:', 'file:///etc/passwd', 'unsupported_scheme'],
    ['refuses user and password', 'https://user:pw@example.com/', 'credentials'],
    ['refuses a user name alone', 'https://user@example.com/', 'credentials'],
    ['refuses a password alone', 'https://:pw@example.com/', 'credentials'],
    ['refuses the host-in-userinfo trick', 'https://example.com@evil.test/', 'credentials'],
    ['refuses text without a scheme', 'not a url', 'invalid_url'],
    ['refuses a host without a scheme', 'example.com/a', 'invalid_url'],
    ['refuses host:port without a scheme', 'localhost:3000', 'invalid_url'],
    ['refuses a scheme without a host', 'https://', 'invalid_url'],
    ['refuses http:// without a host', 'http://', 'invalid_url'],
    ['refuses an empty string', '', 'invalid_url'],
    ['refuses only whitespace', ' \t\n ', 'invalid_url'],
    ['refuses http: without //', 'http:example.com', 'invalid_url'],
    ['refuses a space in the host', 'https://exa mple.com/', 'invalid_url'],
    ['refuses whitespace inside the URL', 'https://example.com/a b', 'invalid_url'],
    ['refuses a host made only of dots', 'http://./', 'invalid_url'],
    ['refuses an unterminated IPv6 literal', 'https://[::1/', 'invalid_url'],
    ['refuses an out-of-range port', 'https://example.com:99999/', 'invalid_url'],
    ['refuses a 3000-character URL', longUrl(3000), 'too_long'],
    ['refuses one character over the limit', longUrl(MAX_URL_LENGTH + 1), 'too_long'],
    ['checks the length before the scheme', 'javascript:' + 'a'.repeat(3000), 'too_long'],
  ])('%s: %s', (_behaviour, input, code) => {
    expect(problemOf(input).code).toBe(code);
  });

  it('refuses a URL that only grows past the limit once cleaned (percent-encoding)', () => {
    const input = `https://example.com/${'é'.repeat(500)}`;
    expect(input.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
    expect(problemOf(input).code).toBe('too_long');
  });

  it('keeps messages short and never echoes a password', () => {
    const inputs = [
      longUrl(3000),
      'x'.repeat(1000),
      `https://[${'a'.repeat(1000)}`,
      `${'z'.repeat(500)}:foo`,
      'https://user:hunter2@example.com/',
      'https://user:hunter2@[bad/x',
    ];
    for (const input of inputs) {
      const { message } = problemOf(input);
      expect(message.length).toBeGreaterThan(0);
      expect(message.length).toBeLessThanOrEqual(140);
      expect(message).not.toContain('hunter2');
    }
  });
});

describe('canonicalKey identifies duplicates', () => {
  it.each([
    ['scheme, www, case, trailing slash, tracking and fragment', 'https://www.Example.com/a/?utm_source=x#top', 'http://example.com/a'],
    ['root with and without slash', 'https://example.com/', 'https://example.com'],
    ['escaped and plain unreserved characters', 'https://example.com/%7Euser', 'https://example.com/~user'],
    ['lowercase and uppercase escapes', 'https://example.com/a%7cb', 'https://example.com/a%7Cb'],
    ['a raw | and its escape', 'https://example.com/a|b', 'https://example.com/a%7Cb'],
    ['query order', 'https://example.com/?b=2&a=1', 'https://example.com/?a=1&b=2'],
    ['trailing-dot host and uppercase host', 'https://example.com./', 'https://EXAMPLE.COM'],
    ['IDN and its punycode', 'https://bücher.de/', 'https://xn--bcher-kva.de'],
    ['explicit default port', 'https://example.com:443/a', 'http://example.com:80/a'],
  ])('treats as the same link: %s', (_behaviour, a, b) => {
    expect(keyOf(a)).toBe(keyOf(b));
  });

  it.each([
    ['different query', 'https://example.com/a', 'https://example.com/a?b=1'],
    ['path case', 'https://example.com/About', 'https://example.com/about'],
    ['non-default port', 'https://example.com:8443/', 'https://example.com/'],
    ['subdomain', 'https://blog.example.com/', 'https://example.com/'],
    ['query name case', 'https://example.com/?q=1', 'https://example.com/?Q=1'],
    ['an escaped slash', 'https://example.com/a%2Fb', 'https://example.com/a/b'],
  ])('treats as different links: %s', (_behaviour, a, b) => {
    expect(keyOf(a)).not.toBe(keyOf(b));
  });
});

describe('isTrackingParam and TRACKING_PARAMS', () => {
  it.each(['utm_source', 'UTM_CAMPAIGN', 'utm_anything', 'fbclid', 'GCLID', '_ga', '__hstc', 'mc_eid'])(
    'treats %s as tracking',
    (name) => expect(isTrackingParam(name)).toBe(true),
  );
  it.each(['ref', 'source', 'id', 'page', 'si', 'q', 'utm', 'utmost', 'campaign_id'])(
    'does not treat %s as tracking',
    (name) => expect(isTrackingParam(name)).toBe(false),
  );
  it('holds only lowercase names', () => {
    for (const name of TRACKING_PARAMS) expect(name).toBe(name.toLowerCase());
  });
});

describe('cleanUrl properties', () => {
  const webUrls = fc.webUrl({
    validSchemes: ['http', 'https'],
    withQueryParameters: true,
    withFragments: true,
    authoritySettings: { withIPv4: true, withIPv6: true, withPort: true },
  });

  it('is idempotent: cleaning a cleaned url gives the same url and key', () => {
    fc.assert(
      fc.property(webUrls, (input) => {
        const first = clean(input);
        expect(clean(first.url)).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('never leaves tracking params, a fragment or a scheme in the key', () => {
    fc.assert(
      fc.property(webUrls, fc.constantFrom(...TRACKING_PARAMS, 'utm_source', 'UTM_Medium'), (input, tracker) => {
        const url = new URL(input);
        url.searchParams.append(tracker, 'x');
        const { url: cleaned, canonicalKey } = clean(url.href);
        const names = [...new URL(cleaned).searchParams.keys()];
        expect(names.filter(isTrackingParam)).toEqual([]);
        expect(canonicalKey).not.toContain('#');
        expect(canonicalKey).not.toMatch(/^https?:/);
      }),
      { numRuns: 300 },
    );
  });

  const parts = fc.record({
    host: fc.domain().filter((d) => !d.startsWith('www.')),
    segments: fc.array(fc.webSegment(), { maxLength: 4 }),
    params: fc.array(
      fc.tuple(
        fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/).filter((n) => !isTrackingParam(n)),
        fc.stringMatching(/^[A-Za-z0-9._~%-]{0,6}$/).filter((v) => !/%(?![0-9A-Fa-f]{2})/.test(v)),
      ),
      { maxLength: 5 },
    ),
    fragment: fc.webFragments(),
  });

  const withShuffledParams = parts.chain((p) =>
    fc.tuple(
      fc.constant(p),
      fc.shuffledSubarray(p.params, { minLength: p.params.length, maxLength: p.params.length }),
    ),
  );

  it('gives the same key regardless of scheme, www, trailing slash, fragment, trackers and param order', () => {
    fc.assert(
      fc.property(withShuffledParams, ([p, shuffled]) => {
        const build = (scheme: string, host: string, params: [string, string][], suffix: string) => {
          const query = params.map(([n, v]) => `${n}=${v}`).join('&');
          return `${scheme}://${host}/${p.segments.join('/')}${suffix}${query ? `?${query}` : ''}`;
        };
        const base = build('https', p.host, p.params, '');
        const variant =
          build('http', `www.${p.host.toUpperCase()}`, [...shuffled, ['utm_source', 'news']], p.segments.length ? '/' : '') +
          `#${p.fragment}`;
        expect(keyOf(variant)).toBe(keyOf(base));
      }),
      { numRuns: 500 },
    );
  });
});

describe('cleanUrl on any input: a key or a reason, and key(clean(x)) = key(x)', () => {
  const anyChar = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
  const CODES: UrlProblem['code'][] = ['invalid_url', 'unsupported_scheme', 'credentials', 'too_long'];

  /** fc.webUrl's URLs with the spellings people paste: each mutation is one way a link gets written. */
  const HOSTS = [
    'bücher.de', 'BÜCHER.DE', 'пример.рф', 'xn--bcher-kva.de', 'XN--BCHER-KVA.DE', '例え.テスト', 'ÉXAMPLE.com', 'ｅｘａｍｐｌｅ.com', 'exa\u00admple.com', 'straße.de', 'faß.de',
    '[2001:DB8::1]', '[::ffff:127.0.0.1]', '[::1]', '[0:0:0:0:0:0:0:1]', '127.1', '0x7f.0.0.1', '2130706433', '1.2.3.4.', '%65xample.com', 'exa%2Emple.com', 'xn--', 'a..b.com', '-a.com', 'a_b.com',
  ];
  const mutation = fc.oneof(
    fc.constant((u: Parts) => ({ ...u, host: [...u.host].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('') })),
    fc.constantFrom(...HOSTS).map((host) => (u: Parts) => ({ ...u, host })),
    fc.constantFrom('.', '..', ':80', ':443', ':0', ':65535', ':65536', ':00080', ':', ':8080').map((suffix) => (u: Parts) => ({ ...u, host: u.host.replace(/:\d*$/, '') + suffix })),
    fc.constantFrom('www.', 'WWW.', 'www.www.').map((prefix) => (u: Parts) => ({ ...u, host: prefix + u.host })),
    fc.constantFrom('user@', 'user:hunter2@', ':hunter2@', '@', ':@', '%40@', 'a@b@').map((userinfo) => (u: Parts) => ({ ...u, userinfo })),
    fc.constantFrom('HTTPS', 'Http', 'HTTP').map((scheme) => (u: Parts) => ({ ...u, scheme })),
    fc.constantFrom('utm_source=x', 'UTM_Medium=y', 'fbclid=1', 'utm%5Fsource=z', 'gclid', 'utm_=', '_ga=1&_gl=2', 'mc_eid=%zz').map((t) => (u: Parts) => ({ ...u, rest: withParam(u.rest, t) })),
    fc.constantFrom('a=1', 'a', 'a=', '=', '&&', 'b=%7e', 'b=%7E', 'q=a+b', 'q=%2B', 'q=%zz', 'q=%', 'q=é', 'q=%C3%A9', 'q=%e9', 'q=|^{}', 'a=2&a=1', 'Z=1&z=1').map((p) => (u: Parts) => ({ ...u, rest: withParam(u.rest, p) })),
    fc.constantFrom('#', '#top', '#a#b', '#%zz', '#é', '#?q=1').map((f) => (u: Parts) => ({ ...u, rest: u.rest.replace(/#.*$/, '') + f })),
    fc.constantFrom('/%7e', '/%7E', '/~', '/%2F', '/%2f', '/%zz', '/%', '/%00', '/é', '/%C3%A9', '/%e9', '/./', '/../', '//', '/a/', '/|', '/%7C', '/;x=1', '/%3B', '/A').map((segment) => (u: Parts) => ({ ...u, rest: withSegment(u.rest, segment) })),
  );
  type Parts = { scheme: string; userinfo: string; host: string; rest: string };
  const withParam = (rest: string, param: string) => {
    const [beforeHash, hash] = splitOnce(rest, '#');
    const [path, query] = splitOnce(beforeHash, '?');
    return `${path}?${query === undefined || query === '' ? param : `${query}&${param}`}${hash === undefined ? '' : `#${hash}`}`;
  };
  const withSegment = (rest: string, segment: string) => {
    const at = rest.search(/[?#]|$/);
    return rest.slice(0, at).replace(/\/$/, '') + segment + rest.slice(at);
  };
  const splitOnce = (s: string, sep: string): [string, string | undefined] => {
    const i = s.indexOf(sep);
    return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
  };

  const webUrls = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true, authoritySettings: { withIPv4: true, withIPv6: true, withPort: true } });
  const mutated = fc.tuple(webUrls, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([input, mutations]) => {
    const m = /^(https?):\/\/([^/?#]*)(.*)$/.exec(input)!;
    const parts = mutations.reduce((u, f) => f(u), { scheme: m[1]!, userinfo: '', host: m[2]!, rest: m[3]! } as Parts);
    return `${parts.scheme}://${parts.userinfo}${parts.host}${parts.rest}`;
  });
  const anything = fc.oneof(
    { arbitrary: mutated, weight: 5 },
    { arbitrary: webUrls, weight: 1 },
    { arbitrary: fc.string({ maxLength: 80 }), weight: 1 },
    { arbitrary: fc.string({ unit: anyChar, maxLength: 80 }), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', 'https:', 'https:/', 'https:\\\\', '//', 'ftp://', 'javascript:'), fc.string({ unit: anyChar, maxLength: 40 })).map(([a, b]) => a + b), weight: 2 },
  );

  it('never throws: a URL and a non-empty key, or a known code with a non-empty message that keeps a password out', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const result = cleanUrl(input);
        if (result.ok) {
          expect(result.value.canonicalKey.length, input).toBeGreaterThan(0);
          expect(result.value.url, input).toMatch(/^https?:\/\/[^/?#]/);
          expect(result.value.url.length, input).toBeLessThanOrEqual(MAX_URL_LENGTH);
        } else {
          expect(CODES, input).toContain(result.problem.code);
          expect(result.problem.message.trim().length, input).toBeGreaterThan(0);
          expect(result.problem.message, input).not.toContain('hunter2');
        }
      }),
      { numRuns: Number(process.env.URL_RUNS) || 2_000 },
    );
  });

  it('key(clean(x)) = key(x), and cleaning again changes nothing, for whatever it accepts', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const first = cleanUrl(input);
        if (!first.ok) return;
        const again = cleanUrl(first.value.url);
        expect(again, `${JSON.stringify(input)} → ${first.value.url}`).toEqual(first);
      }),
      { numRuns: Number(process.env.URL_RUNS) || 2_000 },
    );
  });
});
