/**
 * The page fetcher: the one module that talks to the web.
 *
 * - Connects only to public unicast addresses (see address-policy.ts). Host
 *   names are resolved inside the connection's own `lookup`, every answer is
 *   checked, and only checked addresses are handed to the socket, so the
 *   address checked is the address connected to (DNS rebinding fails). IP
 *   literals skip `lookup`, so they are checked before connecting.
 * - Redirects are followed by hand (at most `maxRedirects`), each hop checked.
 * - One deadline for the whole fetch, one for the response headers, at most
 *   `maxBytes` of body after decompression (then the connection is dropped).
 *   At most two content codings; decoding stops at the cap and at the
 *   deadline too, however small the body that arrived (see page-body.ts).
 * - Only text/html and application/xhtml+xml are read; the charset comes from
 *   a BOM, the Content-Type header, a <meta> in the first bytes, else UTF-8.
 *
 * `createPageFetcher` returns a function that also has `close()`: it owns one
 * undici Agent (connection pool) and must be closed on shutdown.
 */
import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { isPublicAddress, parseHostLiteral, type AddressPolicy } from './address-policy.js';
import { detectCharset } from './charset.js';
import { discard, EncodingBombError, parseContentCodings, readBody } from './page-body.js';

export interface FetchedPage {
  /** The URL as requested. */
  url: string;
  /** The URL of the page after redirects. */
  finalUrl: string;
  status: number;
  /** Media type without parameters, lowercase (e.g. `text/html`). */
  contentType: string;
  /** The WHATWG name of the encoding used to decode (e.g. `utf-8`, `shift_jis`, `windows-1252`). */
  charset: string;
  html: string;
  /** True when the body was longer than `maxBytes` and was cut. */
  truncated: boolean;
}

export type FetchPage = (url: string, opts?: { signal?: AbortSignal }) => Promise<FetchedPage>;

/** A FetchPage that owns a connection pool; call `close()` on shutdown. */
export type PageFetcher = FetchPage & { close(): Promise<void> };

/**
 * Short, user-safe failure categories. Never contains socket messages,
 * addresses or ports.
 */
export type FetchErrorCategory =
  | 'invalid url'
  | 'blocked address'
  | 'dns failure'
  | 'connection failed'
  | 'tls error'
  | 'timeout'
  | 'aborted'
  | 'too many redirects'
  | 'bad redirect'
  | 'not html'
  | 'bad encoding'
  | `http ${number}`;

export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly category: FetchErrorCategory;
  readonly retryable: boolean;
  /** From `Retry-After` on 429/503, in ms (capped at 24 h). */
  readonly retryAfterMs: number | undefined;
  /** HTTP status, for `http NNN` errors. */
  readonly status: number | undefined;
  /** Media type of the response, when one was received (useful for `not html`, e.g. application/pdf). */
  readonly contentType: string | undefined;
  /** The URL of the last hop attempted. */
  readonly finalUrl: string | undefined;

  constructor(
    category: FetchErrorCategory,
    retryable: boolean,
    extra: {
      retryAfterMs?: number | undefined;
      status?: number | undefined;
      contentType?: string | undefined;
      finalUrl?: string | undefined;
      cause?: unknown;
    } = {},
  ) {
    // The message is the category: safe to show to users. `cause` (for logs
    // only) may hold the raw error.
    super(category, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.category = category;
    this.retryable = retryable;
    this.retryAfterMs = extra.retryAfterMs;
    this.status = extra.status;
    this.contentType = extra.contentType;
    this.finalUrl = extra.finalUrl;
  }
}

export interface PageFetcherOptions {
  /** Lifts the address rule (tests, intranets). Off in production. */
  allowPrivate: boolean;
  /** Deadline for the whole fetch, redirects included. Default 10 000 ms. */
  timeoutMs?: number;
  /** Deadline for the response headers of each hop. Default: timeoutMs. */
  headersTimeoutMs?: number;
  /** Body bytes kept after decompression. Default 1 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Resolver with the signature of `dns.lookup`. Default `dns.lookup`. */
  lookup?: LookupFunction;
  /**
   * Address policy used when `allowPrivate` is false. Default
   * `isPublicAddress`. Called for IP-literal hosts and for every DNS answer.
   */
  isAllowedAddress?: AddressPolicy;
}

export const DEFAULT_USER_AGENT =
  'linkletter/0.1 (link metadata fetcher; +https://github.com/linkletter/linkletter)';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const BLOCKED_CODE = 'ERR_LINKLETTER_BLOCKED_ADDRESS';

class BlockedAddressError extends Error {
  readonly code = BLOCKED_CODE;
  constructor() {
    super('blocked address');
  }
}

class TimeoutMarker extends Error {}
class CallerAbortMarker extends Error {}

/**
 * Wraps a resolver so that every answer is checked against the policy, and
 * only checked addresses are passed on to the socket.
 */
export function createGuardedLookup(base: LookupFunction, isAllowed: AddressPolicy): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    base(hostname, { ...options, all: true }, (err, address, family) => {
      if (err) {
        callback(err, '');
        return;
      }
      const list: LookupAddress[] = Array.isArray(address)
        ? address
        : [{ address, family: family ?? (address.includes(':') ? 6 : 4) }];
      if (list.length === 0) {
        const e: NodeJS.ErrnoException = new Error('no addresses');
        e.code = 'ENOTFOUND';
        callback(e, '');
        return;
      }
      if (!list.every((a) => isAllowed(a.address, hostname))) {
        callback(new BlockedAddressError(), '');
        return;
      }
      if (options.all) {
        callback(null, list);
      } else {
        const first = list[0]!;
        callback(null, first.address, first.family);
      }
    });
  };
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses `Retry-After` (delta seconds or HTTP date) into ms from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(v)) {
    ms = Number(v) * 1000;
  } else {
    const t = Date.parse(v);
    if (Number.isNaN(t)) return undefined;
    ms = Math.max(0, t - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

function classify(err: unknown, finalUrl: string | undefined): FetchError {
  if (err instanceof FetchError) return err;
  const code = errorCode(err);
  const extra = { finalUrl, cause: err };
  if (err instanceof BlockedAddressError || code === BLOCKED_CODE) return new FetchError('blocked address', false, extra);
  if (err instanceof EncodingBombError) return new FetchError('bad encoding', false, extra);
  if (err instanceof AggregateError) {
    // Node's happy-eyeballs connect reports all attempts together.
    const inner = err.errors.find((e) => errorCode(e) === BLOCKED_CODE);
    if (inner) return new FetchError('blocked address', false, extra);
  }
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new FetchError('timeout', true, extra);
    case 'ENOTFOUND':
    case 'ENODATA':
      return new FetchError('dns failure', false, extra);
    case 'EAI_AGAIN':
    case 'ESERVFAIL':
    case 'ETIMEOUT':
      return new FetchError('dns failure', true, extra);
    case 'UND_ERR_INVALID_ARG':
    case 'ERR_INVALID_URL':
      return new FetchError('invalid url', false, extra);
    default:
      break;
  }
  if (code && (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR_ZLIB') || code.startsWith('ERR__'))) {
    return new FetchError('bad encoding', false, extra);
  }
  if (
    code &&
    (code.startsWith('ERR_TLS_') ||
      code.startsWith('ERR_SSL_') ||
      code.includes('CERT') ||
      code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
      code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY')
  ) {
    return new FetchError('tls error', false, extra);
  }
  return new FetchError('connection failed', true, extra);
}

function parseHttpUrl(raw: string, base?: URL): URL | null {
  let u: URL;
  try {
    u = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.hostname === '') return null;
  return u;
}

/**
 * Creates the page fetcher. The returned function has `close()`, which closes
 * its connection pool; call it on shutdown.
 */
export function createPageFetcher(options: PageFetcherOptions): PageFetcher {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headersTimeoutMs = options.headersTimeoutMs ?? timeoutMs;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const policy: AddressPolicy = options.allowPrivate
    ? () => true
    : (options.isAllowedAddress ?? ((ip: string) => isPublicAddress(ip)));
  const baseLookup: LookupFunction = options.lookup ?? (dns.lookup as unknown as LookupFunction);

  const agent = new Agent({
    connect: {
      lookup: createGuardedLookup(baseLookup, policy),
      timeout: Math.min(timeoutMs, headersTimeoutMs),
    },
    headersTimeout: headersTimeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 4_000,
  });

  const headers = {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'en;q=0.9, *;q=0.5',
  };

  const fetchPage = async (input: string, opts?: { signal?: AbortSignal }): Promise<FetchedPage> => {
    const start = parseHttpUrl(input);
    if (!start) throw new FetchError('invalid url', false);

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutMarker('timeout')), timeoutMs);
    const external = opts?.signal;
    const onExternalAbort = (): void => controller.abort(new CallerAbortMarker('aborted'));
    if (external) {
      if (external.aborted) onExternalAbort();
      else external.addEventListener('abort', onExternalAbort, { once: true });
    }

    let current = start;
    try {
      for (let hop = 0; ; hop++) {
        if (controller.signal.aborted) throw controller.signal.reason;

        // IP literals never reach `lookup`: check them here.
        const literal = parseHostLiteral(current.hostname);
        if (literal !== null && !policy(literal, current.hostname)) {
          throw new FetchError('blocked address', false, { finalUrl: current.href });
        }

        const res = await agent.request({
          origin: current.origin,
          path: `${current.pathname}${current.search}`,
          method: 'GET',
          headers,
          signal: controller.signal,
          headersTimeout: headersTimeoutMs,
          bodyTimeout: timeoutMs,
        });
        const status = res.statusCode;
        const ct = mediaType(headerValue(res.headers, 'content-type'));

        if (REDIRECT_STATUSES.has(status)) {
          discard(res.body);
          const location = headerValue(res.headers, 'location');
          const next = location === undefined ? null : parseHttpUrl(location, current);
          if (!next) throw new FetchError('bad redirect', false, { finalUrl: current.href, status });
          if (hop >= maxRedirects) throw new FetchError('too many redirects', false, { finalUrl: current.href, status });
          current = next;
          continue;
        }

        if (status < 200 || status >= 300) {
          discard(res.body);
          const retryable = status >= 500 || status === 429 || status === 408;
          const retryAfterMs =
            status === 429 || status === 503 ? parseRetryAfter(headerValue(res.headers, 'retry-after')) : undefined;
          throw new FetchError(`http ${status}`, retryable, {
            status,
            retryAfterMs,
            contentType: ct || undefined,
            finalUrl: current.href,
          });
        }

        if (!HTML_TYPES.has(ct)) {
          discard(res.body);
          throw new FetchError('not html', false, { status, contentType: ct || undefined, finalUrl: current.href });
        }

        const rawCt = headerValue(res.headers, 'content-type');
        // At most two codings, all known, or no decoder is made at all.
        const codings = parseContentCodings(res.headers['content-encoding']);
        if (!codings) {
          discard(res.body);
          throw new FetchError('bad encoding', false, { finalUrl: current.href, contentType: ct });
        }
        // Stops at the cap and at the deadline, and destroys the whole chain either way.
        const { bytes, truncated } = await readBody(res.body, codings, { maxBytes, signal: controller.signal });

        const charset = detectCharset(rawCt, bytes);
        const html = new TextDecoder(charset).decode(bytes);
        return { url: input, finalUrl: current.href, status, contentType: ct, charset, html, truncated };
      }
    } catch (err) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      if (reason instanceof TimeoutMarker && !(err instanceof FetchError)) {
        throw new FetchError('timeout', true, { finalUrl: current.href, cause: err });
      }
      if (reason instanceof CallerAbortMarker && !(err instanceof FetchError)) {
        throw new FetchError('aborted', true, { finalUrl: current.href, cause: err });
      }
      throw classify(err, current.href);
    } finally {
      clearTimeout(timer);
      external?.removeEventListener('abort', onExternalAbort);
      // Make sure nothing of this fetch keeps running.
      if (!controller.signal.aborted) controller.abort(new CallerAbortMarker('done'));
    }
  };

  return Object.assign(fetchPage, { close: () => agent.close() });
}
