import net from 'node:net';

/**
 * HTTP/1.1 over a bare TCP socket, for what node:http's client hides: bytes no client would
 * send (a request line it refuses, a 20 KB header), `Connection` handling, and when the
 * server closes the socket. Reads responses with a Content-Length or a chunked body, or none
 * (the answer to a HEAD, when told); 1xx interim responses are returned like any other.
 */
export type RawResponse = { status: number; headers: Record<string, string>; body: string };

export type RawConnection = {
  socket: net.Socket;
  /** Writes bytes as they are: a request, or part of one. */
  send(data: string | Buffer): void;
  /**
   * The next response, or null if the server closed the connection before one came in full.
   * `bodiless`: it answers a HEAD, so its Content-Length announces a body that is not sent.
   */
  next(options?: { bodiless?: boolean }): Promise<RawResponse | null>;
  /** Resolves once the socket is closed (by either side). */
  closed: Promise<void>;
  close(): void;
};

export async function rawConnect(port: number, host = '127.0.0.1'): Promise<RawConnection> {
  const socket = net.connect(port, host);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffer = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  // A write to a socket the server has already closed ends in ECONNRESET or EPIPE: for these
  // tests that is one more way of seeing the connection closed.
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    notify();
  });
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      ended = true;
      notify();
      resolve();
    }),
  );
  socket.on('end', () => {
    ended = true;
    notify();
  });

  const parse = (bodiless: boolean): RawResponse | undefined => {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1]);
    if (!Number.isInteger(status)) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const start = end + 4;
    if (!bodiless && status >= 200 && status !== 204 && status !== 304 && /chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const chunks: Buffer[] = [];
      for (let at = start; ; ) {
        const lineEnd = buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return undefined;
        const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (!Number.isInteger(size)) throw new Error('a chunked body with a broken chunk size');
        if (buffer.length < lineEnd + 2 + size + 2) return undefined;
        if (size === 0) {
          const trailerEnd = buffer.indexOf('\r\n', lineEnd + 2);
          if (trailerEnd < 0) return undefined;
          buffer = buffer.subarray(trailerEnd + 2);
          return { status, headers, body: Buffer.concat(chunks).toString('utf8') };
        }
        chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
    }
    const length = status < 200 || bodiless ? 0 : Number(headers['content-length'] ?? 0);
    if (buffer.length < start + length) return undefined;
    const body = buffer.subarray(start, start + length).toString('utf8');
    buffer = buffer.subarray(start + length);
    return { status, headers, body };
  };

  return {
    socket,
    send: (data) => {
      socket.write(data);
    },
    next: async (options = {}) => {
      for (;;) {
        const response = parse(options.bodiless === true);
        if (response) return response;
        if (ended) return null;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    closed,
    close: () => socket.destroy(),
  };
}
