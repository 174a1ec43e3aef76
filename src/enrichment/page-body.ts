/**
 * Reading a response body: undoing its content codings and keeping at most a
 * number of decoded bytes, whatever the server sends.
 *
 * The server chooses the codings, so it can ask for a lot of work: thousands
 * of stacked layers (each decoder holds tens of KiB of native memory, outside
 * the V8 heap, and a brotli one up to 16 MiB), or one small layer that expands
 * a thousandfold. Hence:
 * - at most MAX_CODINGS codings, refused before any decoder exists;
 * - the decoded bytes are counted as they come out (zlib's `maxOutputLength`
 *   only bounds the one-shot APIs, not streams); each decoder step yields at
 *   most CHUNK bytes, so the count is checked at least that often;
 * - what each decoder is fed is bounded too: a real page's compressed bytes
 *   are not many more than its decoded ones, while a layer that decodes to
 *   almost nothing (say, empty gzip members) would keep a thread busy;
 * - the deadline (the abort signal) is watched while decoding, not only while
 *   bytes arrive: the whole body may have arrived long before it is decoded.
 * On any of these, and on any error, every stream of the chain (the socket's
 * body and each decoder) is destroyed at once, so nothing keeps decoding after
 * `readBody` has settled.
 */
import { finished, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';

/** Content codings undone for one response; `identity` is not counted. */
export const MAX_CODINGS = 2;

/** Bytes a decoder outputs per step (zlib's default, made explicit: the cap and the deadline are checked that often). */
const CHUNK = 16 * 1024;

export type ContentCoding = 'gzip' | 'deflate' | 'br';

/** Thrown when a decoder is fed far more than a real page would need. */
export class EncodingBombError extends Error {
  readonly code = 'ERR_LINKLETTER_ENCODING_BOMB';
  constructor() {
    super('a decoder was fed far more than it decoded');
  }
}

/**
 * The codings of a `Content-Encoding` header (one or more lines), in the order
 * they were applied; null for an unknown coding or more than MAX_CODINGS.
 * Case and whitespace do not matter; `identity` and empty members are skipped.
 */
export function parseContentCodings(header: string | string[] | undefined): ContentCoding[] | null {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const codings: ContentCoding[] = [];
  for (const member of value.split(',')) {
    const c = member.trim().toLowerCase();
    if (c === '' || c === 'identity') continue;
    if (codings.length === MAX_CODINGS) return null;
    if (c === 'gzip' || c === 'x-gzip') codings.push('gzip');
    else if (c === 'deflate' || c === 'br') codings.push(c);
    else return null;
  }
  return codings;
}

function createDecoder(coding: ContentCoding): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress {
  // A flush, not an error, at the end: a body cut short still yields what arrived.
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip({ chunkSize: CHUNK, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate({ chunkSize: CHUNK, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ chunkSize: CHUNK, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  }
}

export const noop = (): void => {};

/** Drops a response body we will not read (and its connection); never throws. */
export function discard(body: Readable): void {
  body.on('error', noop);
  body.destroy();
}

export interface BodyLimits {
  /** Decoded bytes kept; more and the result is `truncated`. */
  maxBytes: number;
  /** The fetch's deadline (or the caller's abort): rejects with its reason. */
  signal: AbortSignal;
}

/**
 * Reads `body`, undoing `codings` (from parseContentCodings), and keeps at
 * most `maxBytes` decoded bytes. Settles once, and when it does every stream
 * of the chain has been destroyed.
 */
export function readBody(
  body: Readable,
  codings: readonly ContentCoding[],
  { maxBytes, signal }: BodyLimits,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  // Codings are listed in the order they were applied: undo them in reverse.
  const decoders = [...codings].reverse().map(createDecoder);
  const chain: Readable[] = [body, ...decoders];
  const out = chain[chain.length - 1]!;
  // A real page's compressed form is hardly larger than the page; twice the
  // cap plus what sits in stream buffers is far beyond any of them.
  const maxFed = 2 * maxBytes + 256 * 1024;

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err: unknown, truncated = false): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      for (const s of chain) {
        s.on('error', noop);
        s.destroy();
      }
      if (err === undefined) resolve({ bytes: Buffer.concat(chunks, size), truncated });
      else reject(err);
    };
    const onAbort = (): void => settle(signal.reason ?? new Error('aborted'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort);

    if (decoders.length > 0) {
      pipeline(chain as [Readable, ...NodeJS.ReadWriteStream[]], (err) => {
        if (err) settle(err);
      });
      // Watch what each decoder is fed (the pipes already made them flow).
      for (const source of chain.slice(0, -1)) {
        let fed = 0;
        source.on('data', (chunk: Buffer) => {
          fed += chunk.length;
          if (fed > maxFed) settle(new EncodingBombError());
        });
      }
    }
    out.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = maxBytes - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += room;
        settle(undefined, true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    out.on('end', () => settle(undefined));
    finished(out, { writable: false }, (err) => {
      if (err) settle(err);
    });
  });
}
