import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { acceptsGzip } from './negotiate.js';
import type { AppEnv } from './router.js';

/**
 * A rendered body with its validators. Cached ones are kept as bytes, and gzipped once: feed
 * readers poll with `Accept-Encoding: gzip`, and a 200 KiB feed costs more to send than to
 * look up.
 */
type Bytes = Uint8Array<ArrayBuffer>;
export type Representation = { body: Bytes; etag: string; lastModified: string | null; gzip?: { body: Bytes; etag: string } };

export function represent(text: string, lastModified: string | null): Representation {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, lastModified };
}

export function withGzip(rep: Representation): Representation {
  return { ...rep, gzip: { body: gzipSync(rep.body), etag: `${rep.etag.slice(0, -1)}-gzip"` } };
}

/**
 * Answers 304 when the client's copy is current (ETag first, then Last-Modified), else the
 * body with both validators. Feed readers poll every few minutes; this keeps them cheap.
 */
export function conditional(c: Context<AppEnv>, rep: Representation, contentType: string, extra: Record<string, string> = {}): Response {
  const gzip = rep.gzip && acceptsGzip(c.req.header('accept-encoding')) ? rep.gzip : undefined;
  const etag = gzip?.etag ?? rep.etag;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'public, max-age=300', ...extra };
  if (rep.gzip) headers.Vary = 'Accept-Encoding';
  const modified = rep.lastModified ? new Date(rep.lastModified) : null;
  if (modified) headers['Last-Modified'] = modified.toUTCString();
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined) {
    // Either encoding's tag names the same content; the 304 carries the tag that matched, so
    // a cache holding that copy refreshes it.
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    const matched = [rep.etag, rep.gzip?.etag].find((t) => t !== undefined && tags.includes(t));
    if (matched) return c.body(null, 304, { ...headers, ETag: matched });
    if (tags.includes('*')) return c.body(null, 304, headers);
  } else if (modified) {
    const since = Date.parse(c.req.header('if-modified-since') ?? '');
    if (Number.isFinite(since) && Math.floor(modified.getTime() / 1000) <= Math.floor(since / 1000)) return c.body(null, 304, headers);
  }
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return c.body(gzip?.body ?? rep.body, 200, { ...headers, 'Content-Type': contentType });
}
