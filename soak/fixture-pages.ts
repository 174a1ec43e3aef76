import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Web pages for the enrichment worker to fetch, on 127.0.0.1 (the server runs with
 * FETCH_ALLOW_PRIVATE=true to reach them). Several ports, because the worker fetches one page
 * per host at a time and a host is its name and port: with four, ENRICH_CONCURRENCY=4 keeps
 * four fetches going.
 *
 * `/slow/...` takes `slowMs` to answer (a fetch still in flight when the server is stopped);
 * anything else takes a few milliseconds, with a title and description taken from the path.
 */
export type FixturePages = {
  /** `http://127.0.0.1:PORT` of each port. */
  origins: string[];
  /** Requests answered, and requests being answered now. */
  served(): number;
  open(): number;
  /** Requests for `/slow/` pages being answered now. */
  openSlow(): number;
  /** Paths whose request was closed before its answer was written (a fetch aborted by a stop). */
  abandoned(): string[];
  close(): Promise<void>;
};

export async function startFixturePages(options: { ports?: number; slowMs?: number } = {}): Promise<FixturePages> {
  const slowMs = options.slowMs ?? 3_000;
  let served = 0;
  let open = 0;
  let openSlow = 0;
  const abandoned: string[] = [];
  const servers: http.Server[] = [];
  const handler: http.RequestListener = (req, res) => {
    open++;
    const path = req.url ?? '/';
    const slow = path.startsWith('/slow/');
    if (slow) openSlow++;
    const delay = slow ? slowMs : 2 + Math.floor(Math.random() * 20);
    const timer = setTimeout(() => {
      const name = path.replace(/[^a-z0-9/-]/gi, '').slice(0, 80);
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>Page ${name}</title>
<meta name="description" content="A fixture page at ${name}, for the enrichment worker.">
<meta property="og:site_name" content="Fixture pages"><meta property="og:type" content="article">
</head><body><h1>${name}</h1><p>${'Some text. '.repeat(50)}</p></body></html>`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
      res.end(html);
    }, delay);
    res.once('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) abandoned.push(path);
      open--;
      if (slow) openSlow--;
      served++;
    });
  };
  for (let i = 0; i < (options.ports ?? 4); i++) {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  return {
    origins: servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    served: () => served,
    open: () => open,
    openSlow: () => openSlow,
    abandoned: () => [...abandoned],
    async close() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
