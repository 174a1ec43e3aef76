import http from 'node:http';
import zlib from 'node:zlib';
import { vi } from 'vitest';

/**
 * Bodies a hostile server sends to a page fetcher: stacked content codings and
 * decompression bombs. Made with streaming compression (the test never holds
 * the decompressed bytes), once per test file, then cached.
 */

const MiB = 1024 * 1024;

type Compressor = zlib.Gzip | zlib.Deflate | zlib.BrotliCompress;

/** Feeds `total` bytes of `block` through `compressor` with backpressure; returns only the compressed bytes. */
export async function squeeze(compressor: Compressor, total: number, block: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    compressor.on('data', (c: Buffer) => out.push(c));
    compressor.on('end', resolve);
    compressor.on('error', reject);
  });
  for (let sent = 0; sent < total; sent += block.length) {
    if (!compressor.write(block)) await new Promise((resolve) => compressor.once('drain', resolve));
  }
  compressor.end();
  await done;
  return Buffer.concat(out);
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}

/** About `size` bytes of ordinary HTML (paragraphs that compress like a real page). */
export function htmlPage(size: number, title = 'Layers'): Buffer {
  const parts = [`<!doctype html><html><head><title>${title}</title></head><body>\n`];
  let length = parts[0]!.length;
  for (let i = 0; length < size; i++) {
    const p = `<p id="p${i}">Paragraph ${i} of a long page, word ${(i * 7919).toString(36)}.</p>\n`;
    parts.push(p);
    length += p.length;
  }
  parts.push('</body></html>');
  return Buffer.from(parts.join(''));
}

/** A ~93 KB page gzipped `layers` times (inner layers stored, level 0, so that making it is quick). */
export function gzipLayers(page: Buffer, layers: number): Buffer {
  let body = zlib.gzipSync(page);
  for (let i = 1; i < layers; i++) body = zlib.gzipSync(body, { level: 0 });
  return body;
}

const ZEROS = Buffer.alloc(MiB);
const brotliBomb = { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 };

/** 512 MiB of zeros in one layer: gzip (~2 MB), deflate (~2 MB), brotli with a 16 MiB window (~400 bytes). */
export const bombs = {
  gzip: memo(() => squeeze(zlib.createGzip({ level: 1 }), 512 * MiB, ZEROS)),
  deflate: memo(() => squeeze(zlib.createDeflate({ level: 1 }), 512 * MiB, ZEROS)),
  br: memo(() => squeeze(zlib.createBrotliCompress({ params: brotliBomb }), 512 * MiB, ZEROS)),
  /** 512 MiB of `<p>a</p>`, gzipped. */
  gzipHtml: memo(() => squeeze(zlib.createGzip({ level: 1 }), 512 * MiB, Buffer.from('<p>a</p>'.repeat(MiB / 8)))),
};

/**
 * `Content-Encoding: gzip, br`: brotli (~1 KB) around 512 MiB of EMPTY gzip
 * members, which decode to nothing. The whole body arrives at once, then the
 * two decoders churn for seconds without producing a byte: neither the
 * decoded-size cap nor the socket can stop that, only the deadline or a bound
 * on what a decoder is fed.
 */
export const emptyMembersInBrotli = memo(() => {
  const member = zlib.gzipSync(Buffer.alloc(0));
  const block = Buffer.concat(Array<Buffer>(Math.floor(MiB / member.length)).fill(member));
  return squeeze(zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }), 512 * MiB, block);
});

/** Serves `body` as HTML with this Content-Encoding (an array sends one header line per element). */
export function sendEncoded(body: Buffer, contentEncoding: string | string[]): http.RequestListener {
  return (_req, res) => {
    res.on('error', () => {});
    res.setHeader('content-encoding', contentEncoding);
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': body.length });
    res.end(body);
  };
}

export type Decoder = zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;

/**
 * Records every decoder the code under test creates, when one first outputs,
 * and every chunk they output after `since()` is called. Undo with `vi.restoreAllMocks()`.
 */
export function watchDecoders(): {
  made: Decoder[];
  /** Resolves when a decoder first outputs something. */
  firstOutput: Promise<void>;
  pushesAfter: () => number;
  since: () => void;
} {
  const made: Decoder[] = [];
  let watching = false;
  let pushes = 0;
  let output!: () => void;
  const firstOutput = new Promise<void>((resolve) => (output = resolve));
  const wrap = <F extends (opts?: never) => Decoder>(real: F) =>
    ((opts?: never) => {
      const d = real(opts);
      const push = d.push.bind(d);
      d.push = (chunk: unknown, encoding?: BufferEncoding) => {
        if (chunk !== null) output();
        if (watching && chunk !== null) pushes++;
        return push(chunk, encoding);
      };
      made.push(d);
      return d;
    }) as unknown as F;
  const gunzip = zlib.createGunzip;
  const inflate = zlib.createInflate;
  const brotli = zlib.createBrotliDecompress;
  vi.spyOn(zlib, 'createGunzip').mockImplementation(wrap(gunzip));
  vi.spyOn(zlib, 'createInflate').mockImplementation(wrap(inflate));
  vi.spyOn(zlib, 'createBrotliDecompress').mockImplementation(wrap(brotli));
  return {
    made,
    firstOutput,
    pushesAfter: () => pushes,
    since: () => {
      watching = true;
      pushes = 0;
    },
  };
}

/** Resolves once every stream has emitted 'close'. */
export function allClosed(streams: Decoder[]): Promise<void> {
  return Promise.all(
    streams.map((s) => (s.closed ? undefined : new Promise<void>((resolve) => s.once('close', () => resolve())))),
  ).then(() => undefined);
}
