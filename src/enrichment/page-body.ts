/** Reading a response body: undoing one content coding, and reading at most a number of bytes. */
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return null;
  }
}

export const noop = (): void => {};

/** Drops a response body we will not read (and its connection); never throws. */
export function discard(body: Readable): void {
  body.on('error', noop);
  body.destroy();
}

export async function readLimited(stream: Readable, maxBytes: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of stream) {
      const buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      const room = maxBytes - size;
      if (buf.length > room) {
        if (room > 0) chunks.push(buf.subarray(0, room));
        size += room;
        truncated = true;
        break; // destroys the stream chain and with it the connection
      }
      chunks.push(buf);
      size += buf.length;
    }
  } finally {
    discard(stream);
  }
  return { bytes: Buffer.concat(chunks, size), truncated };
}
