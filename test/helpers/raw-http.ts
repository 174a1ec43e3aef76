import net from 'node:net';

/**
 * HTTP/1.1 over a bare TCP socket, for what node:http's client hides: bytes no client would
 * send (a request line it refuses, a 20 KB header), `Connection` handling, and when the
 * server closes the socket. Reads responses with a Content-Length body (all this API sends
 * in these tests); 1xx interim responses are returned like any other.
 */
export type RawResponse = { status: number; headers: Record<string, string>; body: string };

export type RawConnection = {
  socket: net.Socket;
  /** Writes bytes as they are: a request, or part of one. */
  send(data: string | Buffer): void;
  /** The next response, or null if the server closed the connection before one came in full. */
  next(): Promise<RawResponse | null>;
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

  const parse = (): RawResponse | undefined => {
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
    const length = status < 200 ? 0 : Number(headers['content-length'] ?? 0);
    if (buffer.length < end + 4 + length) return undefined;
    const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    buffer = buffer.subarray(end + 4 + length);
    return { status, headers, body };
  };

  return {
    socket,
    send: (data) => {
      socket.write(data);
    },
    next: async () => {
      for (;;) {
        const response = parse();
        if (response) return response;
        if (ended) return null;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    closed,
    close: () => socket.destroy(),
  };
}
