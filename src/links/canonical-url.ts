/**
 * URL cleaning and canonicalisation for submitted links.
 *
 * `cleanUrl` produces two things from a submitted URL:
 * - `url`: what we store and link to. Tracking parameters are removed; everything
 *   else stays as given (after WHATWG URL normalisation: lowercase scheme and host,
 *   punycode host, default port dropped, dot segments resolved).
 * - `canonicalKey`: the identity used for duplicate detection,
 *   `host[:port]path[?query]` with no scheme, no `www.`, no fragment, no trailing
 *   slash, sorted query and consistent percent-encoding.
 *
 * Pure: no I/O, never throws.
 */

export type UrlProblem = {
  code: 'invalid_url' | 'unsupported_scheme' | 'credentials' | 'too_long';
  message: string;
};
export type CleanUrl = { url: string; canonicalKey: string };

export const MAX_URL_LENGTH = 2048;

/** Well-known click/campaign trackers, matched case-insensitively. Every `utm_*` is matched by prefix. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // Google (Ads, Analytics, Merchant Center)
  'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'gad_source', '_ga', '_gl', 'srsltid',
  // Meta
  'fbclid', 'igshid', 'igsh', 'mibextid',
  // Microsoft / Yahoo / Yandex
  'msclkid', 'ocid', 'ncid', 'yclid', '_openstat',
  // X / TikTok / LinkedIn / Pinterest
  'twclid', 'ref_src', 'ref_url', 'ttclid', 'li_fat_id', 'epik',
  // Mailchimp, Marketo, Omeda, Vero, Klaviyo
  'mc_cid', 'mc_eid', 'mkt_tok', 'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', '_kx',
  // HubSpot
  '_hsenc', '_hsmi', 'hsctatracking', '__hssc', '__hstc', '__hsfp',
  // Adobe, Webtrends, Alibaba, misc. campaign ids
  's_cid', 's_kwcid', 'ef_id', 'wt_mc', 'spm', 'cmpid', 'irclickid', 'rb_clickid',
  // Matomo / Piwik
  'pk_campaign', 'pk_kwd', 'pk_keyword', 'pk_source', 'pk_medium', 'pk_content', 'pk_cid',
  'mtm_campaign', 'mtm_keyword', 'mtm_source', 'mtm_medium', 'mtm_content', 'mtm_cid',
  'mtm_group', 'mtm_placement',
]);

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

type Result = { ok: true; value: CleanUrl } | { ok: false; problem: UrlProblem };

/** Throws nothing; returns either the cleaned URL + key, or a problem describing why the input is refused. */
export function cleanUrl(input: string): Result {
  const text = input.trim();

  if (text === '') return refuse('invalid_url', 'The URL is empty.');
  if (text.length > MAX_URL_LENGTH) return tooLong(text.length);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || looksLikeHostPort(scheme, text)) {
    return refuse('invalid_url', `"${preview(text)}" is not a URL; it should start with https:// or http://.`);
  }
  if (scheme !== 'http' && scheme !== 'https') {
    return refuse('unsupported_scheme', `Only http and https links are accepted, not "${preview(scheme, 20)}:".`);
  }
  // WHATWG also accepts `http:example.com` and `https:\\host`; we want the usual form.
  if (!/^https?:\/\//i.test(text)) {
    return refuse('invalid_url', `"${preview(text)}" is not a valid URL; expected ${scheme}:// followed by a host.`);
  }
  // The WHATWG parser silently drops tabs/newlines inside a URL and percent-encodes
  // spaces in paths; raw whitespace usually means a paste of several things, so refuse.
  if (/[\s\u0000-\u001f\u007f]/.test(text)) {
    return refuse('invalid_url', 'A URL cannot contain spaces or control characters.');
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('invalid_url', `"${preview(text)}" is not a valid URL.`);
  }
  const bareHost = url.hostname.replace(/\.+$/, '');
  if (bareHost === '') return refuse('invalid_url', 'The URL has no host name.');
  // Never echo the input here: it contains a password or token.
  if (url.username !== '' || url.password !== '') {
    return refuse('credentials', 'Links must not contain a user name or password.');
  }

  const params = url.search
    .slice(1)
    .split('&')
    .filter((p) => p !== '' && !isTrackingParam(safeDecode(splitParam(p).name)));

  const query = params.length > 0 ? `?${params.join('&')}` : '';
  const cleaned = `${url.protocol}//${url.host}${url.pathname}${query}${url.hash}`;
  // IDN → punycode and percent-encoding can make the URL longer than the input.
  if (cleaned.length > MAX_URL_LENGTH) return tooLong(cleaned.length);

  return { ok: true, value: { url: cleaned, canonicalKey: canonicalKey(url, bareHost, params) } };
}

function canonicalKey(url: URL, bareHost: string, params: string[]): string {
  // Only drop `www.` when a registrable-looking name remains (keep `www.com` as is).
  const host = bareHost.startsWith('www.') && bareHost.slice(4).includes('.') ? bareHost.slice(4) : bareHost;
  const port = url.port === '' ? '' : `:${url.port}`; // WHATWG already blanks default ports
  const path = normaliseEncoding(url.pathname, PATH_RAW).replace(/\/+$/, '');

  const pairs = params.map((p) => {
    const { name, value } = splitParam(p);
    return { name: normaliseEncoding(name, QUERY_RAW), value: normaliseEncoding(value ?? '', QUERY_RAW) };
  });
  // Code-unit order (not localeCompare) so keys do not depend on the runtime locale;
  // Array.prototype.sort is stable, so full ties keep their given order.
  pairs.sort((a, b) => compare(a.name, b.name) || compare(a.value, b.value));
  // `a` and `a=` mean the same to virtually every server, so both become `a`.
  const query = pairs.map(({ name, value }) => (value === '' ? name : `${name}=${value}`)).join('&');

  return `${host}${port}${path}${query === '' ? '' : `?${query}`}`;
}

/** RFC 3986 unreserved characters: `%XX` of these is equivalent to the character itself. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** Characters left unencoded in a key's path: unreserved, sub-delims, `:` `@` `/`. */
const PATH_RAW = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/;
/** Same for query names/values; `&` never occurs (we split on it), `=` only inside values. */
const QUERY_RAW = /^[A-Za-z0-9\-._~!$'()*+,;=:@/?]$/;

/**
 * Makes equivalent spellings identical: `%7e` → `~`, `%3a` → `%3A`, and characters that
 * WHATWG leaves raw but RFC 3986 requires encoded (`|`, `^`, `[`, a stray `%`, …) → `%XX`.
 * Escapes of reserved characters (`%2F`, `%26`, …) stay escaped: they are not equivalent.
 */
function normaliseEncoding(s: string, raw: RegExp): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const hex = s[i] === '%' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      const char = String.fromCharCode(parseInt(hex, 16));
      out += UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
      i += 3;
      continue;
    }
    const char = String.fromCodePoint(s.codePointAt(i) ?? 0xfffd);
    out += raw.test(char) ? char : percentEncode(char);
    i += char.length;
  }
  return out;
}

const encoder = new TextEncoder();
function percentEncode(char: string): string {
  return Array.from(encoder.encode(char), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

function splitParam(param: string): { name: string; value: string | undefined } {
  const eq = param.indexOf('=');
  return eq === -1 ? { name: param, value: undefined } : { name: param.slice(0, eq), value: param.slice(eq + 1) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `example.com:8080/x` or `localhost:3000` parse as a "scheme"; they are really a missing `https://`. */
function looksLikeHostPort(scheme: string, text: string): boolean {
  return scheme.includes('.') || /^[^:]+:\d+(?:[/?#]|$)/.test(text);
}

/** A `user:password@` after a scheme (`https://`, `https:/`, `https:`) or, without one, before the first `/`. */
const USERINFO = /^(\s*[a-z][a-z0-9+.-]*:\/*|[^/]*\/\/)[^/?#]*@/i;

/**
 * `s` with the `user:password@` of its authority replaced by `mask` (`…@`, or nothing): for
 * showing or refilling a URL that was refused, without writing its password anywhere.
 */
export function hideCredentials(s: string, mask = '…@'): string {
  return s.replace(USERINFO, `$1${mask}`);
}

/** A short, printable excerpt of the input for messages, with any `user:password@` masked. */
function preview(s: string, max = 60): string {
  const safe = hideCredentials(s).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

function tooLong(length: number): Result {
  return refuse('too_long', `The URL is ${length} characters long; the limit is ${MAX_URL_LENGTH}.`);
}

function refuse(code: UrlProblem['code'], message: string): Result {
  return { ok: false, problem: { code, message } };
}
