import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(FIXTURES + name);
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** TCP connections accepted. */
  connections: number;
  /** HTTP requests received. */
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, port 0. */
export async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    state.requests.push(req);
    handler(req, res);
  });
  const state: TestServer = {
    origin: '',
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

/** Tracks servers started in a test so afterEach can close them all. */
export class Servers {
  private list: TestServer[] = [];
  async start(handler: http.RequestListener): Promise<TestServer> {
    const s = await startServer(handler);
    this.list.push(s);
    return s;
  }
  async closeAll(): Promise<void> {
    const l = this.list;
    this.list = [];
    await Promise.all(l.map((s) => s.close()));
  }
}

/** An injected resolver: host name → addresses. Unknown names fail with ENOTFOUND. Never touches DNS. */
export function fakeLookup(map: Record<string, string[]>, calls: string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    calls.push(hostname);
    setImmediate(() => {
      const addrs = map[hostname];
      if (!addrs || addrs.length === 0) {
        const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        err.code = 'ENOTFOUND';
        callback(err, '');
        return;
      }
      const list = addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Serves a fixed body. */
export function sendPage(body: string | Buffer, contentType = 'text/html; charset=utf-8'): http.RequestListener {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}
