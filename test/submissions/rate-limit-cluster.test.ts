import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, spawnMain, tempDirPerTest } from '../helpers/processes.js';

/**
 * Issue 13's check of the rate limit across processes: with WORKERS=2 the counters are in the
 * database, so one address still gets 10 submissions a minute however the cluster spreads
 * its connections, and an editor is answered meanwhile.
 */

const dir = tempDirPerTest();

type Answer = { status: number; headers: http.IncomingHttpHeaders; json: any };

/** One request on a connection of its own (the cluster hands each new connection to the next worker). */
function request(base: string, method: string, target: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${target}`, { method, agent: false, headers: { Connection: 'close', 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('the submission rate limit with WORKERS=2', () => {
  it('accepts exactly 10 of 15 submissions sent at once from one address, answers the rest 429 with Retry-After, and serves the editor meanwhile', async () => {
    const databasePath = path.join(dir(), 'cluster.db');
    const main = spawnMain({ WORKERS: '2', TRUST_PROXY: '1', PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, ENRICH: 'off' });
    try {
      await main.waitFor(/"msg":"listening"/, 2);
      const base = /"msg":"listening","url":"([^"]+)"/.exec(main.output())![1]!;
      const made = cli(databasePath, ['token', 'create', '--name', 'editor', '--role', 'editor']);
      expect(made.status, made.stderr).toBe(0);
      const editor = { Authorization: `Bearer ${made.stdout.trim()}` };
      const reader = { 'X-Forwarded-For': '203.0.113.7' };

      const urls = Array.from({ length: 15 }, (_, i) => `https://example.com/cluster-${i}`);
      const submissions = urls.map((url) => request(base, 'POST', '/v1/submissions', reader, { url }));
      const editorReads = Array.from({ length: 3 }, () => request(base, 'GET', '/v1/links?status=pending&limit=100', editor));
      const answers = await Promise.all(submissions);
      for (const read of await Promise.all(editorReads)) expect(read.status, JSON.stringify(read.json)).toBe(200);

      expect(answers.filter((a) => a.status === 202)).toHaveLength(10);
      const limited = answers.filter((a) => a.status === 429);
      expect(limited, JSON.stringify(answers.map((a) => a.status))).toHaveLength(5);
      for (const a of limited) {
        expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(a.headers['retry-after']).toMatch(/^\d+$/);
        expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(a.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
      const servedBy = new Set([...main.output().matchAll(/"method":"POST","path":"\/v1\/submissions","status":(?:202|429)[^\n]*"pid":(\d+)/g)].map((m) => m[1]));
      expect(servedBy.size, 'both workers took submissions').toBe(2);

      // The queue holds exactly the ten accepted, whichever worker took them.
      const accepted = urls.filter((_, i) => answers[i]!.status === 202);
      const queue = await request(base, 'GET', '/v1/links?status=pending&limit=100', editor);
      expect(queue.status).toBe(200);
      expect(queue.json.items.map((l: { url: string }) => l.url).sort()).toEqual(accepted.sort());
      // An editor's submissions are never counted, from the same address.
      expect((await request(base, 'POST', '/v1/submissions', { ...reader, ...editor }, { url: 'https://example.com/by-editor' })).status).toBe(202);

      main.child.kill('SIGTERM');
      expect(await main.exited).toBe(0);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  });
});
