import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ServerProcess } from '../bench/server-process.js';
import { createClient, type Answer, type Client } from './http-client.js';
import { Ledger, type Group } from './ledger.js';
import { prepareDatabase, startLinkletter, verify, walBytes } from './server.js';

/**
 * A full disk: the database on a small tmpfs, filled up while the server runs. Writes that
 * cannot be stored must be refused with 503 problem+json (never a 500, never acknowledged and
 * then lost), reads must go on, an import under way must wait rather than fail, and once a
 * filler file is removed writes must succeed again, in the same process.
 */

/** Mounts a tmpfs of `megabytes` at `dir`; the reason when the machine does not allow it (not root, a container without the capability). */
export function mountSmallDisk(dir: string, megabytes: number): string | null {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.error) return result.error.message;
  return result.status === 0 ? null : (result.stderr.trim() || `mount exited ${result.status}`);
}

export function unmountSmallDisk(dir: string): void {
  spawnSync('umount', [dir]);
}

/** Writes `file` until the file system has no room (`leaveBytes` then freed again); returns its size. */
function fill(file: string, leaveBytes = 0): number {
  const fd = openSync(file, 'a');
  const chunk = Buffer.alloc(64 * 1024, 0x55);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  // A write can stop part-way into a chunk: what is there is what counts.
  const size = statSync(file).size;
  // Truncating frees a tmpfs's pages at once.
  if (leaveBytes > 0) truncateSync(file, Math.max(0, size - leaveBytes));
  return statSync(file).size;
}

export type FullDiskSummary = {
  /** Writes sent while the disk was full, and how they were answered. */
  writesWhileFull: number;
  refused503: number;
  acknowledgedWhileFull: number;
  /** Answers that were neither a success nor a 503 problem+json (a 500, a 503 of another type). */
  wrongAnswers: string[];
  /** Reads sent while the disk was full that were not answered 200. */
  readsFailed: string[];
  reads: number;
  /** The import uploaded just before the disk filled: its status while full, and at the end. */
  importWhileFull: string;
  importAtEnd: string;
  /** Whether the import runner met the full disk (and said it waits for space). */
  importWaited: boolean;
  /** Milliseconds from removing the filler to the first write acknowledged. */
  recoveredAfterMs: number | null;
  writesAcknowledged: number;
  lost: number;
  failures: string[];
  exitCode: number | null;
  /** The server's warnings and errors (what an operator would see in the log). */
  logged: string[];
};

const json = (a: Answer) => JSON.parse(a.text) as Record<string, unknown>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one write; records a 2xx in `group` with `apply`; a 503 must be problem+json of type storage-full. */
function judge(summary: FullDiskSummary, what: string, a: Answer, ok: number): boolean {
  if (a.status === ok) return true;
  const problem = a.status === 503 && /^application\/problem\+json/.test(String(a.headers['content-type'])) && json(a).type === 'urn:linkletter:problem:storage-full';
  if (problem) summary.refused503++;
  else summary.wrongAnswers.push(`${what} → ${a.status} ${a.text.slice(0, 200)}`);
  return false;
}

async function addLink(client: Client, token: string, group: Group, url: string, blurb?: string): Promise<Answer> {
  const a = await client.request('POST', '/v1/links', { token, json: { url, title: `Full ${url.slice(-12)}`, blurb } });
  if (a.status === 201) {
    const link = json(a) as { id: number; url: string };
    group.model.links[link.id] = { url: link.url, title: `Full ${url.slice(-12)}`, tags: [], issue: null };
    group.acknowledged++;
  }
  return a;
}

/**
 * `dir` is the small file system (mounted by the caller). `fullMs`: how long the disk stays
 * full while the import waits (past the three attempts that would fail an import for good).
 */
export async function runFullDisk(o: { dir: string; fullMs?: number }): Promise<FullDiskSummary> {
  const databasePath = path.join(o.dir, 'full.db');
  const fillers = [path.join(o.dir, 'filler-1'), path.join(o.dir, 'filler-2')];
  const token = await prepareDatabase(databasePath);
  const ledger = new Ledger();
  const group = ledger.group('full disk');
  const summary: FullDiskSummary = {
    writesWhileFull: 0, refused503: 0, acknowledgedWhileFull: 0, wrongAnswers: [], readsFailed: [], reads: 0,
    importWhileFull: '', importAtEnd: '', importWaited: false, recoveredAfterMs: null, writesAcknowledged: 0, lost: 0, failures: [], exitCode: null, logged: [],
  };
  let server: ServerProcess | undefined = await startLinkletter(databasePath);
  const client = createClient(server.baseUrl, { connections: 8 });
  try {
    for (let i = 0; i < 20; i++) await addLink(client, token, group, `https://example.org/before/${i}`);

    // Room for the import's file and its first batches, not for all of it.
    fill(fillers[0]!, 1_200_000);
    const urls = Array.from({ length: 1_500 }, (_, i) => `https://example.org/imported/${i}`);
    const upload = await client.request('POST', '/v1/imports?format=urls', { token, body: urls.join('\n'), contentType: 'text/plain' });
    if (upload.status !== 202) throw new Error(`the import was refused before the disk was full: ${upload.status} ${upload.text}`);
    const importId = json(upload).id as number;
    group.model.imports[importId] = urls;
    group.acknowledged++;
    summary.importWaited = await server.waitForOutput(/"msg":"import waiting for disk space"/, 1, 10_000).then(
      () => true,
      () => false,
    );
    // Whatever room is left, taken too.
    fill(fillers[1]!);

    const started = performance.now();
    let n = 0;
    while (performance.now() - started < (o.fullMs ?? 3_000) || summary.refused503 < 5) {
      if (n > 2_000) break;
      const i = n++;
      summary.writesWhileFull++;
      const kind = i % 4;
      if (kind === 0 || kind === 3) {
        const a = await addLink(client, token, group, `https://example.org/full/${i}`, 'x'.repeat(2_000));
        if (judge(summary, 'POST /v1/links', a, 201)) summary.acknowledgedWhileFull++;
      } else if (kind === 1) {
        const from = `198.18.${i % 250}.${1 + (i % 200)}`;
        const url = `https://example.org/submitted/${i}`;
        const a = await client.request('POST', '/v1/submissions', { json: { url, name: 'Reader' }, headers: { 'X-Forwarded-For': from } });
        if (judge(summary, 'POST /v1/submissions', a, 202)) {
          group.model.submissions[json(a).receipt as string] = url;
          group.acknowledged++;
          summary.acknowledgedWhileFull++;
        }
      } else {
        const a = await client.request('POST', '/v1/imports?format=urls', { token, body: `https://example.org/import-while-full/${i}`, contentType: 'text/plain' });
        if (judge(summary, 'POST /v1/imports', a, 202)) {
          group.model.imports[json(a).id as number] = [`https://example.org/import-while-full/${i}`];
          group.acknowledged++;
          summary.acknowledgedWhileFull++;
        }
      }
      for (const target of ['/v1/links?limit=50', `/v1/links/${Object.keys(group.model.links)[i % 20]}`, `/v1/imports/${importId}`, '/readyz']) {
        const r = await client.request('GET', target, { token });
        summary.reads++;
        if (r.status !== 200) summary.readsFailed.push(`GET ${target} → ${r.status} ${r.text.slice(0, 200)}`);
      }
      await sleep(20);
    }
    summary.importWhileFull = (json(await client.request('GET', `/v1/imports/${importId}`, { token })).status as string) ?? '?';

    // Room again: no restart, the next write goes through.
    for (const f of fillers) rmSync(f, { force: true });
    const freed = performance.now();
    for (let i = 0; i < 50 && summary.recoveredAfterMs === null; i++) {
      const a = await addLink(client, token, group, `https://example.org/after/${i}`);
      if (a.status === 201) summary.recoveredAfterMs = Math.round(performance.now() - freed);
      else await sleep(100);
    }
    for (let waited = 0; waited < 30_000; waited += 200) {
      summary.importAtEnd = json(await client.request('GET', `/v1/imports/${importId}`, { token })).status as string;
      if (summary.importAtEnd === 'done' || summary.importAtEnd === 'failed') break;
      await sleep(200);
    }

    server.signal('SIGTERM');
    const exit = await server.exited;
    summary.logged = server.output().split('\n').filter((line) => /"level":"(warn|error)"/.test(line));
    server = undefined;
    summary.exitCode = exit.code;
    const verdict = verify(databasePath, ledger, { cleanStop: { walBytes: walBytes(databasePath) } });
    summary.lost = verdict.lost;
    summary.failures = verdict.failed.map((f) => `${f.check}: ${f.problems.slice(0, 3).join('; ')}`);
    summary.writesAcknowledged = ledger.acknowledged;
    return summary;
  } finally {
    client.close();
    server?.killTree();
    await server?.exited;
    for (const f of fillers) rmSync(f, { force: true });
  }
}

export function describeFullDisk(s: FullDiskSummary): string {
  return (
    `${s.writesWhileFull} writes on a full disk: ${s.refused503} refused 503, ${s.acknowledgedWhileFull} acknowledged, ${s.wrongAnswers.length} answered otherwise; ` +
    `${s.reads} reads, ${s.readsFailed.length} failed; import ${s.importWaited ? 'met the full disk, ' : ''}${s.importWhileFull} while full, ${s.importAtEnd} at the end; ` +
    `writes again ${s.recoveredAfterMs ?? 'never'} ms after space was freed; ${s.writesAcknowledged} writes acknowledged in all, lost ${s.lost}, checks failed ${s.failures.length}, exit ${s.exitCode}`
  );
}
