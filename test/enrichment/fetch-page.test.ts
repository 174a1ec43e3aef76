import type http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isPublicAddress } from '../../src/enrichment/address-policy.js';
import { extractMetadata } from '../../src/enrichment/extract-metadata.js';
import {
  createPageFetcher,
  FetchError,
  parseRetryAfter,
  type PageFetcher,
  type PageFetcherOptions,
} from '../../src/enrichment/fetch-page.js';
import { fakeLookup, fixture, sendPage, Servers } from './helpers.js';
import {
  allClosed,
  bombs,
  emptyMembersInBrotli,
  gzipLayers,
  htmlPage,
  sendEncoded,
  watchDecoders,
} from './hostile-bodies.js';

const MiB = 1024 * 1024;
const servers = new Servers();
const fetchers: PageFetcher[] = [];

function fetcher(options: Partial<PageFetcherOptions> = {}): PageFetcher {
  // Never real DNS in tests: unknown names fail with ENOTFOUND.
  const f = createPageFetcher({ allowPrivate: true, timeoutMs: 3000, lookup: fakeLookup({}), ...options });
  fetchers.push(f);
  return f;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await servers.closeAll();
});

async function fetchError(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error('expected the fetch to fail');
}

/** Writes `total` bytes of HTML filler with backpressure; stops when the client goes away. */
function streamHuge(
  total: number,
  stats: { sent: number; closed: Promise<void> | null } = { sent: 0, closed: null },
  contentType = 'text/html; charset=utf-8',
): http.RequestListener {
  return (_req, res) => {
    stats.closed = new Promise((resolve) => res.on('close', () => resolve()));
    res.writeHead(200, { 'content-type': contentType, 'content-length': total });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const head = Buffer.from('<!doctype html><html><head><title>Huge</title></head><body>');
    res.write(head);
    sent += head.length;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        stats.sent = sent;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    res.on('error', () => {});
    pump();
  };
}

describe('fetching pages', () => {
  it('fetches a rich page and its metadata end to end', async () => {
    const s = await servers.start(sendPage(fixture('rich.html')));
    const page = await fetcher()(`${s.origin}/posts/autovacuum`);
    expect(page).toMatchObject({
      url: `${s.origin}/posts/autovacuum`,
      finalUrl: `${s.origin}/posts/autovacuum`,
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      truncated: false,
    });
    const m = await extractMetadata(page.html, page.finalUrl);
    expect(m.title).toBe('Autovacuum tuning, a field guide');
    expect(m.image?.url).toBe(`${s.origin}/images/cover.png`);
    expect(m.favicon).toBe(`${s.origin}/static/favicon.ico`);
  });

  it('sends a User-Agent that names the service and asks for compressed HTML', async () => {
    const s = await servers.start(sendPage('<title>x</title>'));
    await fetcher()(s.origin + '/');
    const req = s.requests[0]!;
    expect(req.headers['user-agent']).toMatch(/linkletter/);
    expect(req.headers['accept']).toMatch(/text\/html/);
    expect(req.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('reads a page with only <title>', async () => {
    const s = await servers.start(sendPage(fixture('title-only.html')));
    const page = await fetcher()(s.origin);
    const m = await extractMetadata(page.html, page.finalUrl);
    expect(m.title).toBe('Just a title');
    expect(m.image).toBeNull();
  });

  it('resolves relative image paths against the final URL after a redirect', async () => {
    const s = await servers.start((req, res) => {
      if (req.url === '/start') {
        res.writeHead(301, { location: '/blog/2025/post.html' });
        res.end();
        return;
      }
      sendPage(fixture('relative-image.html'))(req, res);
    });
    const page = await fetcher()(`${s.origin}/start`);
    expect(page.finalUrl).toBe(`${s.origin}/blog/2025/post.html`);
    const m = await extractMetadata(page.html, page.finalUrl);
    expect(m.image?.url).toBe(`${s.origin}/blog/img/pic.jpg`);
    expect(m.favicon).toBe(`${s.origin}/blog/2025/favicon.png`);
  });

  it('decodes Shift_JIS from the Content-Type charset', async () => {
    const s = await servers.start(sendPage(fixture('shift_jis.html'), 'text/html; charset=Shift_JIS'));
    const page = await fetcher()(s.origin);
    expect(page.charset).toBe('shift_jis');
    const m = await extractMetadata(page.html, page.finalUrl);
    expect(m.title).toBe('日本語のページ');
    expect(m.description).toBe('これはテストです');
  });

  it('decodes Shift_JIS from <meta http-equiv> when the header has no charset', async () => {
    const s = await servers.start(sendPage(fixture('shift_jis-meta.html'), 'text/html'));
    const page = await fetcher()(s.origin);
    expect(page.charset).toBe('shift_jis');
    expect(page.html).toContain('<title>日本語のページ</title>');
  });

  it('decodes ISO-8859-1 from the Content-Type charset', async () => {
    const s = await servers.start(sendPage(fixture('latin1.html'), 'text/html; charset="ISO-8859-1"'));
    const page = await fetcher()(s.origin);
    expect(page.charset).toBe('windows-1252'); // the WHATWG name for iso-8859-1
    const m = await extractMetadata(page.html, page.finalUrl);
    expect(m.title).toBe('Café crème à la française');
    expect(m.description).toBe('Größe über Ärger');
  });

  it('decodes <meta charset> and a UTF-8 BOM, and falls back to UTF-8 for unknown labels', async () => {
    const latin = Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><title>'), Buffer.from('Café', 'latin1'), Buffer.from('</title>')]);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<title>Ünïcödé</title>')]);
    const bogus = Buffer.from('<title>naïve</title>');
    const s = await servers.start((req, res) => {
      if (req.url === '/latin') sendPage(latin, 'text/html')(req, res);
      else if (req.url === '/bom') sendPage(bom, 'text/html; charset=windows-1252')(req, res);
      else sendPage(bogus, 'text/html; charset=no-such-charset')(req, res);
    });
    const f = fetcher();
    expect((await f(`${s.origin}/latin`)).html).toContain('Café');
    const b = await f(`${s.origin}/bom`);
    expect(b.charset).toBe('utf-8');
    expect(b.html).toBe('<title>Ünïcödé</title>');
    const u = await f(`${s.origin}/bogus`);
    expect(u.charset).toBe('utf-8');
    expect(u.html).toContain('naïve');
  });

  it('decompresses gzip, deflate and brotli bodies', async () => {
    const body = Buffer.from('<html><head><title>compressed</title></head></html>');
    const s = await servers.start((req, res) => {
      const enc = req.url!.slice(1);
      const data = enc === 'gzip' ? zlib.gzipSync(body) : enc === 'deflate' ? zlib.deflateSync(body) : zlib.brotliCompressSync(body);
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': enc });
      res.end(data);
    });
    const f = fetcher();
    for (const enc of ['gzip', 'deflate', 'br']) {
      const page = await f(`${s.origin}/${enc}`);
      expect(page.html, enc).toBe(body.toString());
    }
  });

  it('refuses an unknown Content-Encoding', async () => {
    const s = await servers.start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'x-weird' });
      res.end('zzz');
    });
    const err = await fetchError(fetcher()(s.origin));
    expect(err.category).toBe('bad encoding');
    expect(err.retryable).toBe(false);
  });
});

describe('limits', () => {
  it('cuts a 40 MB page at 1 MiB, drops the connection and keeps memory small', async () => {
    const stats = { sent: 0, closed: null as Promise<void> | null };
    const s = await servers.start(streamHuge(40 * MiB, stats));
    const f = fetcher({ timeoutMs: 8000 });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const page = await f(s.origin);
    const grown = process.memoryUsage().rss - before;
    expect(page.truncated).toBe(true);
    expect(page.html.length).toBeLessThanOrEqual(MiB);
    expect(page.html.length).toBeGreaterThan(MiB - 100);
    expect(page.html.startsWith('<!doctype html>')).toBe(true);
    expect(grown).toBeLessThan(100 * MiB);
    expect(Date.now() - t0).toBeLessThan(5000);
    // The connection was dropped: the server never got to send the rest.
    await stats.closed;
    expect(stats.sent).toBeLessThan(10 * MiB);
    // The page is still parseable.
    expect((await extractMetadata(page.html, page.finalUrl)).title).toBe('Huge');
  });

  it('cuts a gzip bomb at 1 MiB of decompressed bytes', async () => {
    // ~64 MiB of HTML that gzips to ~64 KiB, made once, in chunks.
    const bomb = await new Promise<Buffer>((resolve, reject) => {
      const gz = zlib.createGzip({ level: 9 });
      const out: Buffer[] = [];
      gz.on('data', (c: Buffer) => out.push(c));
      gz.on('end', () => resolve(Buffer.concat(out)));
      gz.on('error', reject);
      gz.write('<!doctype html><html><head><title>Bomb</title></head><body>');
      const block = Buffer.alloc(MiB, ' ');
      for (let i = 0; i < 64; i++) gz.write(block);
      gz.end('</body></html>');
    });
    expect(bomb.length).toBeLessThan(MiB / 4);
    const s = await servers.start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    const before = process.memoryUsage().rss;
    const page = await fetcher()(s.origin);
    expect(page.truncated).toBe(true);
    expect(page.html.length).toBe(MiB);
    expect(page.html).toContain('<title>Bomb</title>');
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MiB);
  });

  it('a page of exactly maxBytes is not truncated', async () => {
    const body = 'x'.repeat(1000);
    const s = await servers.start(sendPage(body));
    const page = await fetcher({ maxBytes: 1000 })(s.origin);
    expect(page.truncated).toBe(false);
    expect(page.html).toBe(body);
  });

  it('gives up on a server that never answers at the deadline', async () => {
    const s = await servers.start(() => {
      /* never answers */
    });
    const t0 = Date.now();
    const err = await fetchError(fetcher({ timeoutMs: 300 })(s.origin));
    const elapsed = Date.now() - t0;
    expect(err.category).toBe('timeout');
    expect(err.retryable).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it('applies the headers deadline separately from the overall deadline', async () => {
    const s = await servers.start(() => {});
    const t0 = Date.now();
    const err = await fetchError(fetcher({ timeoutMs: 5000, headersTimeoutMs: 200 })(s.origin));
    expect(err.category).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('applies the overall deadline to a body that trickles forever', async () => {
    const s = await servers.start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<title>slow</title>');
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    const t0 = Date.now();
    const err = await fetchError(fetcher({ timeoutMs: 300 })(s.origin));
    expect(err.category).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('stops when the caller aborts', async () => {
    const s = await servers.start(() => {});
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await fetchError(fetcher()(s.origin, { signal: ac.signal }));
    expect(err.category).toBe('aborted');
  });
});

describe('content codings from a hostile server', () => {
  const page = htmlPage(93 * 1024);
  let layered3000: Buffer;
  beforeAll(() => {
    layered3000 = gzipLayers(page, 3000);
  });

  /** Time taken and resident memory grown by one fetch. */
  async function measured<T>(p: () => Promise<T>): Promise<{ result: T | FetchError; ms: number; rssGrowth: number }> {
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    let result: T | FetchError;
    try {
      result = await p();
    } catch (err) {
      expect(err).toBeInstanceOf(FetchError);
      result = err as FetchError;
    }
    return { result, ms: performance.now() - t0, rssGrowth: process.memoryUsage().rss - rss };
  }

  it('refuses a page gzipped 3,000 times as "bad encoding" at once, before making any decoder', async () => {
    expect(layered3000.length).toBeLessThan(300 * 1024);
    const s = await servers.start(sendEncoded(layered3000, Array<string>(3000).fill('gzip').join(',')));
    const decoders = watchDecoders();
    const { result, ms, rssGrowth } = await measured(() => fetcher({ timeoutMs: 10_000 })(s.origin));
    expect(result).toBeInstanceOf(FetchError);
    expect((result as FetchError).category).toBe('bad encoding');
    expect((result as FetchError).retryable).toBe(false);
    expect(decoders.made).toHaveLength(0);
    expect(ms).toBeLessThan(500);
    expect(rssGrowth).toBeLessThan(32 * MiB);
  });

  it('decodes two codings, in the order they were applied, and ignores identity', async () => {
    const s = await servers.start((req, res) => {
      const body =
        req.url === '/gzip-gzip'
          ? [zlib.gzipSync(zlib.gzipSync(page)), 'gzip, gzip']
          : req.url === '/gzip-br'
            ? [zlib.brotliCompressSync(zlib.gzipSync(page)), 'gzip, br']
            : [zlib.gzipSync(zlib.deflateSync(page)), 'deflate, identity, gzip'];
      sendEncoded(body[0] as Buffer, body[1] as string)(req, res);
    });
    const f = fetcher();
    for (const path of ['/gzip-gzip', '/gzip-br', '/deflate-identity-gzip']) {
      const p = await f(s.origin + path);
      expect(p.truncated, path).toBe(false);
      expect(p.html === page.toString(), path).toBe(true);
    }
  });

  it('refuses three codings before making any decoder, counted across header lines too', async () => {
    const three = zlib.gzipSync(zlib.gzipSync(zlib.gzipSync(page)));
    const s = await servers.start((req, res) =>
      sendEncoded(three, req.url === '/lines' ? ['gzip', 'gzip', 'gzip'] : 'gzip, identity, gzip, gzip')(req, res),
    );
    const decoders = watchDecoders();
    const f = fetcher();
    for (const path of ['/list', '/lines']) {
      const err = await fetchError(f(s.origin + path));
      expect(err.category, path).toBe('bad encoding');
      expect(err.retryable, path).toBe(false);
    }
    expect(decoders.made).toHaveLength(0);
  });

  it('refuses an unknown coding anywhere in the list before making any decoder', async () => {
    const s = await servers.start((req, res) =>
      sendEncoded(zlib.gzipSync(page), req.url === '/inner' ? 'x-weird, gzip' : 'gzip, x-weird')(req, res),
    );
    const decoders = watchDecoders();
    const f = fetcher();
    for (const path of ['/inner', '/outer']) {
      const err = await fetchError(f(s.origin + path));
      expect(err.category, path).toBe('bad encoding');
      expect(err.retryable, path).toBe(false);
    }
    expect(decoders.made).toHaveLength(0);
  });

  it('reads x-gzip, any case, spaces and tabs, an empty header, and one coding per header line', async () => {
    const gz = zlib.gzipSync(page);
    const cases: [string, Buffer, string | string[]][] = [
      ['/x-gzip', gz, 'x-gzip'],
      ['/upper', gz, 'GZIP'],
      ['/spaced', gz, ' \tGzip ,  IDENTITY\t'],
      ['/empty', page, ''],
      ['/commas', gz, ' , gzip,,'],
      ['/lines', zlib.gzipSync(zlib.brotliCompressSync(page)), ['br', 'gzip']],
    ];
    const s = await servers.start((req, res) => {
      const [, body, ce] = cases.find(([path]) => path === req.url)!;
      sendEncoded(body, ce)(req, res);
    });
    const f = fetcher();
    for (const [path] of cases) {
      const p = await f(s.origin + path);
      expect(p.html === page.toString(), path).toBe(true);
    }
  });

  it('fails cleanly with "bad encoding" when the inner declared layer is not gzip, and drops every decoder', async () => {
    const s = await servers.start(sendEncoded(zlib.gzipSync(page), 'gzip, gzip'));
    const decoders = watchDecoders();
    const err = await fetchError(fetcher()(s.origin));
    expect(err.category).toBe('bad encoding');
    expect(err.retryable).toBe(false);
    expect(decoders.made).toHaveLength(2);
    expect(decoders.made.every((d) => d.destroyed)).toBe(true);
  });

  it.each([
    ['gzip', 'gzip', bombs.gzip],
    ['deflate', 'deflate', bombs.deflate],
    ['brotli (16 MiB window)', 'br', bombs.br],
    ['gzip of <p>a</p>', 'gzip', bombs.gzipHtml],
  ] as const)('cuts a one-layer %s bomb of 512 MiB at 1 MiB, quickly and in little memory', async (_name, ce, bomb) => {
    const body = await bomb();
    expect(body.length).toBeLessThan(3 * MiB);
    let serverClosed!: Promise<void>;
    const s = await servers.start((req, res) => {
      serverClosed = new Promise((resolve) => res.on('close', () => resolve()));
      sendEncoded(body, ce)(req, res);
    });
    const decoders = watchDecoders();
    const { result, ms, rssGrowth } = await measured(() => fetcher({ timeoutMs: 3000 })(s.origin));
    if (result instanceof FetchError) throw result;
    expect(result.truncated).toBe(true);
    expect(result.html.length).toBe(MiB);
    expect(ms).toBeLessThan(1500);
    expect(rssGrowth).toBeLessThan(100 * MiB);
    expect(decoders.made.every((d) => d.destroyed)).toBe(true);
    await serverClosed;
  });

  it('cuts a two-layer gzip bomb at 1 MiB', async () => {
    const body = zlib.gzipSync(await bombs.gzip());
    const s = await servers.start(sendEncoded(body, 'gzip, gzip'));
    const decoders = watchDecoders();
    const { result, ms, rssGrowth } = await measured(() => fetcher({ timeoutMs: 3000 })(s.origin));
    if (result instanceof FetchError) throw result;
    expect(result.truncated).toBe(true);
    expect(result.html.length).toBe(MiB);
    expect(ms).toBeLessThan(1500);
    expect(rssGrowth).toBeLessThan(100 * MiB);
    expect(decoders.made).toHaveLength(2);
    expect(decoders.made.every((d) => d.destroyed)).toBe(true);
  });

  it('refuses a body that decodes to nothing for ever ("bad encoding"), without waiting for the deadline', async () => {
    const body = await emptyMembersInBrotli();
    expect(body.length).toBeLessThan(16 * 1024); // the whole body arrives at once
    const s = await servers.start(sendEncoded(body, 'gzip, br'));
    const decoders = watchDecoders();
    const { result, ms } = await measured(() => fetcher({ timeoutMs: 3000 })(s.origin));
    expect(result).toBeInstanceOf(FetchError);
    expect((result as FetchError).category).toBe('bad encoding');
    expect(ms).toBeLessThan(1000);
    expect(decoders.made.every((d) => d.destroyed)).toBe(true);
  });

  it('stops decoding a body that has fully arrived at the deadline, and nothing decodes after', async () => {
    const body = await emptyMembersInBrotli();
    const s = await servers.start(sendEncoded(body, 'gzip, br'));
    const decoders = watchDecoders();
    // A cap so large that only the deadline can stop it.
    const f = fetcher({ timeoutMs: 300, maxBytes: 1024 * MiB });
    const { result, ms } = await measured(() => f(s.origin));
    decoders.since();
    expect(result).toBeInstanceOf(FetchError);
    expect((result as FetchError).category).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(800);
    // Destroyed at the deadline, not left to drain:
    expect(decoders.made).toHaveLength(2);
    expect(decoders.made.every((d) => d.destroyed)).toBe(true);
    await allClosed(decoders.made);
    await new Promise((resolve) => setImmediate(resolve));
    expect(decoders.pushesAfter()).toBe(0);
  });

  it('stops decoding at once when the caller aborts', async () => {
    const body = await emptyMembersInBrotli();
    const s = await servers.start(sendEncoded(body, 'gzip, br'));
    const decoders = watchDecoders();
    const ac = new AbortController();
    void decoders.firstOutput.then(() => ac.abort()); // the fetcher is decoding
    const t0 = performance.now();
    const err = await fetchError(fetcher({ timeoutMs: 10_000, maxBytes: 1024 * MiB })(s.origin, { signal: ac.signal }));
    expect(err.category).toBe('aborted');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(decoders.made.every((d) => d.destroyed)).toBe(true);
  });

  it('gives up on a slow drip of gzip at the deadline, drops the connection and every decoder', async () => {
    let serverClosed!: Promise<void>;
    const s = await servers.start((_req, res) => {
      serverClosed = new Promise((resolve) => res.on('close', () => resolve()));
      res.on('error', () => {});
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip, gzip' });
      const inner = zlib.createGzip();
      const outer = zlib.createGzip();
      inner.pipe(outer).pipe(res);
      inner.write('<!doctype html><title>drip</title>');
      const t = setInterval(() => {
        inner.write('<p>a</p>');
        inner.flush(() => outer.flush());
      }, 20);
      res.on('close', () => {
        clearInterval(t);
        inner.destroy();
        outer.destroy();
      });
    });
    const decoders = watchDecoders();
    const { result, ms } = await measured(() => fetcher({ timeoutMs: 300 })(s.origin));
    decoders.since();
    expect(result).toBeInstanceOf(FetchError);
    expect((result as FetchError).category).toBe('timeout');
    expect(ms).toBeLessThan(800);
    expect(decoders.made).toHaveLength(2);
    expect(decoders.made.every((d) => d.destroyed)).toBe(true);
    await serverClosed;
    await allClosed(decoders.made);
    expect(decoders.pushesAfter()).toBe(0);
  });
});

describe('redirects and HTTP errors', () => {
  it('follows up to 5 redirects', async () => {
    const s = await servers.start((req, res) => {
      const n = Number(req.url!.slice(1));
      if (n < 5) {
        res.writeHead(n % 2 ? 302 : 307, { location: `/${n + 1}` });
        res.end();
      } else sendPage('<title>five</title>')(req, res);
    });
    const page = await fetcher()(`${s.origin}/0`);
    expect(page.finalUrl).toBe(`${s.origin}/5`);
    expect(page.html).toBe('<title>five</title>');
  });

  it('refuses a redirect loop after 5 redirects', async () => {
    const s = await servers.start((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const err = await fetchError(fetcher()(`${s.origin}/a`));
    expect(err.category).toBe('too many redirects');
    expect(err.retryable).toBe(false);
    expect(s.requests).toHaveLength(6);
  });

  it('refuses a redirect to a non-http scheme or without Location', async () => {
    const s = await servers.start((req, res) => {
      res.writeHead(302, req.url === '/ftp' ? { location: 'ftp://example.org/' } : {});
      res.end();
    });
    const f = fetcher();
    expect((await fetchError(f(`${s.origin}/ftp`))).category).toBe('bad redirect');
    expect((await fetchError(f(`${s.origin}/none`))).category).toBe('bad redirect');
  });

  it('reports a 404 as "http 404", not retryable', async () => {
    const s = await servers.start((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<title>Not found</title>');
    });
    const err = await fetchError(fetcher()(s.origin));
    expect(err.category).toBe('http 404');
    expect(err.message).toBe('http 404');
    expect(err.status).toBe(404);
    expect(err.retryable).toBe(false);
  });

  it('reports a 503 as retryable with Retry-After in ms', async () => {
    const s = await servers.start((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end();
    });
    const err = await fetchError(fetcher()(s.origin));
    expect(err.category).toBe('http 503');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('reports a 429 as retryable with an HTTP-date Retry-After', async () => {
    const s = await servers.start((_req, res) => {
      res.writeHead(429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() });
      res.end();
    });
    const err = await fetchError(fetcher()(s.origin));
    expect(err.category).toBe('http 429');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(55_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('refuses an image instead of HTML and reports its type', async () => {
    const s = await servers.start((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    });
    const err = await fetchError(fetcher()(s.origin));
    expect(err.category).toBe('not html');
    expect(err.contentType).toBe('image/png');
    expect(err.retryable).toBe(false);
  });

  it('accepts application/xhtml+xml', async () => {
    const s = await servers.start(sendPage('<html xmlns="http://www.w3.org/1999/xhtml"><title>x</title></html>', 'application/xhtml+xml'));
    expect((await fetcher()(s.origin)).contentType).toBe('application/xhtml+xml');
  });

  it('reports a refused connection as retryable "connection failed" without revealing the port', async () => {
    const s = await servers.start(() => {});
    const port = s.port;
    await servers.closeAll();
    const err = await fetchError(fetcher()(`http://127.0.0.1:${port}/`));
    expect(err.category).toBe('connection failed');
    expect(err.retryable).toBe(true);
    expect(err.message).not.toContain(String(port));
  });

  it('reports an unknown host as "dns failure"', async () => {
    const err = await fetchError(fetcher()('http://no-such-host.test/'));
    expect(err.category).toBe('dns failure');
  });

  it.each(['ftp://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'http://'])(
    'refuses %j as "invalid url"',
    async (url) => {
      const err = await fetchError(fetcher()(url));
      expect(err.category).toBe('invalid url');
    },
  );

  it('parses Retry-After values', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('99999999', now)).toBe(24 * 3600 * 1000);
  });
});

describe('address policy (default: public addresses only)', () => {
  let lookupCalls: string[];
  const resolver = () =>
    fakeLookup(
      {
        localhost: ['127.0.0.1', '::1'],
        'localhost.': ['127.0.0.1'],
        'internal.test': ['127.0.0.1'],
        'rebind.test': ['127.0.0.1'],
      },
      lookupCalls,
    );

  beforeEach(() => {
    lookupCalls = [];
  });

  const spellings = (port: number): string[] => [
    `http://127.0.0.1:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://2130706433:${port}/`,
    `http://127.1:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://0x7f.0.0.1:${port}/`,
    `http://127.0.0.1.:${port}/`,
    `http://127.000.000.001:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
    `http://[::127.0.0.1]:${port}/`,
    `http://[::1]:${port}/`,
    `http://[0:0:0:0:0:0:0:1]:${port}/`,
    `http://0.0.0.0:${port}/`,
    `http://0:${port}/`,
    `http://[::]:${port}/`,
    `http://localhost:${port}/`,
    `http://LOCALHOST.:${port}/`,
    `http://internal.test:${port}/`,
    `https://127.0.0.1:${port}/`,
    `https://localhost:${port}/`,
  ];

  it('refuses loopback in every spelling, and names that resolve to it, without connecting', async () => {
    const s = await servers.start(sendPage('<title>secret</title>'));
    const f = createPageFetcher({ allowPrivate: false, timeoutMs: 2000, lookup: resolver() });
    fetchers.push(f);
    for (const url of spellings(s.port)) {
      const err = await fetchError(f(url));
      expect(err.category, url).toBe('blocked address');
      expect(err.retryable, url).toBe(false);
      expect(err.message, url).toBe('blocked address');
    }
    expect(s.connections).toBe(0);
    expect(lookupCalls).toEqual(expect.arrayContaining(['localhost', 'localhost.', 'internal.test']));
  });

  it('refuses a name when any of its addresses is not allowed', async () => {
    const s = await servers.start(sendPage('<title>secret</title>'));
    const f = createPageFetcher({
      allowPrivate: false,
      timeoutMs: 2000,
      lookup: fakeLookup({ 'mixed.test': ['127.0.0.1', '10.0.0.1'] }),
      // Allows the server's address, so a fetcher checking only the first answer would connect.
      isAllowedAddress: (ip) => ip === '127.0.0.1',
    });
    fetchers.push(f);
    const err = await fetchError(f(`http://mixed.test:${s.port}/`));
    expect(err.category).toBe('blocked address');
    expect(s.connections).toBe(0);
  });

  describe('a public-looking host that redirects', () => {
    // `public.test` stands in for a public site: the injected resolver maps it
    // to the loopback test server, and the test policy allows exactly that
    // (127.0.0.1 reached as public.test); every other address is judged by
    // the default policy.
    const policy = (ip: string, host?: string): boolean =>
      (host === 'public.test' && ip === '127.0.0.1') || isPublicAddress(ip);

    async function setup(target: (port: number) => string) {
      const inner = await servers.start(sendPage('<title>internal</title>'));
      const outer = await servers.start((_req, res) => {
        res.writeHead(302, { location: target(inner.port) });
        res.end();
      });
      const f = createPageFetcher({
        allowPrivate: false,
        timeoutMs: 2000,
        lookup: fakeLookup({ 'public.test': ['127.0.0.1'], localhost: ['127.0.0.1'] }),
        isAllowedAddress: policy,
      });
      fetchers.push(f);
      return { inner, outer, f };
    }

    it.each([
      ['an IP literal', (p: number) => `http://127.0.0.1:${p}/`],
      ['a hex IP literal', (p: number) => `http://0x7f000001:${p}/`],
      ['an IPv4-mapped literal', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
      ['a name resolving to loopback', (p: number) => `http://localhost:${p}/`],
    ])('to loopback via %s is refused at the second hop', async (_name, target) => {
      const { inner, outer, f } = await setup(target);
      const err = await fetchError(f(`http://public.test:${outer.port}/`));
      expect(err.category).toBe('blocked address');
      expect(outer.connections).toBe(1);
      expect(inner.connections).toBe(0);
    });

    it('to another allowed host is followed (control)', async () => {
      const { inner, outer, f } = await setup((p) => `http://public.test:${p}/`);
      const page = await f(`http://public.test:${outer.port}/`);
      expect(page.html).toBe('<title>internal</title>');
      expect(page.finalUrl).toBe(`http://public.test:${inner.port}/`);
      expect(inner.connections).toBe(1);
    });
  });

  it('checks the address in the connection itself, once per connection (no separate pre-resolve)', async () => {
    const s = await servers.start(sendPage('<title>ok</title>'));
    const calls: string[] = [];
    let n = 0;
    // Answers 127.0.0.1 first, then a private address: a check-then-connect
    // fetcher would resolve twice and could be fooled.
    const rebinding: PageFetcherOptions['lookup'] = (host, opts, cb) => {
      calls.push(host);
      const address = n++ === 0 ? '127.0.0.1' : '10.0.0.1';
      setImmediate(() => (opts.all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)));
    };
    const f = createPageFetcher({
      allowPrivate: false,
      timeoutMs: 2000,
      lookup: rebinding,
      isAllowedAddress: (ip, host) => host === 'rebind.test' && ip === '127.0.0.1',
    });
    fetchers.push(f);
    const page = await f(`http://rebind.test:${s.port}/`);
    expect(page.html).toBe('<title>ok</title>');
    expect(calls).toEqual(['rebind.test']);
    expect(s.connections).toBe(1);
  });

  it('allowPrivate lifts the rule', async () => {
    const s = await servers.start(sendPage('<title>intranet</title>'));
    const f = fetcher({ allowPrivate: true, lookup: fakeLookup({ localhost: ['127.0.0.1'] }) });
    expect((await f(`http://localhost:${s.port}/`)).html).toBe('<title>intranet</title>');
    expect((await f(`http://0x7f000001:${s.port}/`)).html).toBe('<title>intranet</title>');
  });
});
