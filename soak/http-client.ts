import http from 'node:http';

/**
 * A small HTTP client for driving the server: keep-alive connections from a pool (many
 * connections, so a cluster's workers each get some), the whole body read as text, and what
 * a reliability check needs of each answer: a 5xx, or SQLite's BUSY reaching the client.
 */
export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; ms: number };

export type RequestOptions = {
  token?: string;
  json?: unknown;
  /** A body sent as it is, with `contentType`. */
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
};

export type Client = {
  base: string;
  request(method: string, target: string, options?: RequestOptions): Promise<Answer>;
  /** Every answer with status >= 500, and every body naming SQLITE_BUSY or a locked database. */
  problems: { fiveXx: string[]; busy: string[] };
  close(): void;
};

const BUSY = /SQLITE_BUSY|database is locked/i;

export function createClient(base: string, options: { connections?: number; timeoutMs?: number } = {}): Client {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections ?? 64 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const problems = { fiveXx: [] as string[], busy: [] as string[] };
  const url = new URL(base);
  return {
    base,
    problems,
    request(method, target, o = {}) {
      const body = o.json !== undefined ? JSON.stringify(o.json) : o.body;
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.Authorization = `Bearer ${o.token}`;
      if (body !== undefined) {
        headers['Content-Type'] = o.contentType ?? 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const started = performance.now();
      return new Promise<Answer>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers, agent, timeout: timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const answer = { status: res.statusCode!, headers: res.headers, text, ms: performance.now() - started };
            if (answer.status >= 500) problems.fiveXx.push(`${method} ${target} → ${answer.status} ${text.slice(0, 300)}`);
            if (BUSY.test(text)) problems.busy.push(`${method} ${target} → ${answer.status} ${text.slice(0, 300)}`);
            resolve(answer);
          });
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${target}: no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** The value at the given quantile (0..1) of `values` (sorted here). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))]!;
}
