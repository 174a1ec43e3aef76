import type { Answer, Client } from './http-client.js';
import { cloneModel, type Group, type Ledger, type Model } from './ledger.js';

/**
 * The writes and reads the reliability runs send: editor loops writing every kind of write
 * (links, tag changes, edits, issue items, imports), submission loops as the public, and
 * reader loops. Each writer records what was acknowledged in the ledger (see ledger.ts).
 */

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export type WriterOptions = {
  client: Client;
  ledger: Ledger;
  token: string;
  /** Distinguishes this run's URLs and tag names from earlier runs' on the same database. */
  run: string;
  /** Where the links point: the fixture pages' origins. */
  origins: string[];
  random: Random;
  editors: number;
  submitters: number;
  /** Share of new links whose page answers slowly (fetches in flight when the server stops). */
  slowShare?: number;
  /** Imports each editor may upload (small files of `importSize` URLs). */
  importsPerEditor?: number;
  importSize?: number;
};

export type Writers = {
  /** Asks the loops to stop after the write each has in flight. */
  stop(): void;
  /** Settles once every loop has stopped (asked to, or cut off by a connection error). */
  finished: Promise<void>;
  /** Connection errors (the expected end of a loop when the server is killed). */
  cutOff: string[];
};

class CutOff extends Error {}

/**
 * One write: sent, and if answered `expected`, `apply` records its effect on the group's
 * model. Until then, `ifApplied` (when given) is the model the database may hold instead; a
 * write that creates something whose id only its answer tells constrains nothing while in
 * doubt. A connection error or a 5xx leaves it in doubt and ends the loop.
 */
async function write(
  group: Group,
  ledger: Ledger,
  what: string,
  send: () => Promise<Answer>,
  expected: number,
  apply: (model: Model, answer: Answer) => void,
  ifApplied?: (model: Model) => void,
): Promise<boolean> {
  if (ifApplied) {
    const next = cloneModel(group.model);
    ifApplied(next);
    group.ifApplied = next;
  }
  let answer: Answer;
  try {
    answer = await send();
  } catch (err) {
    throw new CutOff(`${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (answer.status === expected) {
    apply(group.model, answer);
    group.ifApplied = undefined;
    group.acknowledged++;
    return true;
  }
  ledger.unexpected.push(`${what} → ${answer.status} ${answer.text.slice(0, 200)}`);
  if (answer.status >= 500) throw new CutOff(`${what}: ${answer.status}`);
  group.ifApplied = undefined;
  return false;
}

export function startWriters(o: WriterOptions): Writers {
  let stopping = false;
  const cutOff: string[] = [];
  const { client, ledger, token, random } = o;
  let counter = 0;
  const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

  async function editor(index: number): Promise<void> {
    const group = ledger.group(`${o.run} editor ${index}`);
    const m = () => group.model;
    const tagPool = Array.from({ length: 4 }, (_, k) => `t-${o.run}-${index}-${k}`);
    let importsLeft = o.importsPerEditor ?? 1;
    const linkIds = () => Object.keys(m().links).map(Number);
    const ops: [number, () => Promise<unknown> | undefined][] = [
      [4, () => {
        const slow = random() < (o.slowShare ?? 0);
        const url = `${pick(random, o.origins)}/${slow ? 'slow/' : ''}${o.run}/e${index}/${next()}`;
        const title = `Link ${next()}`;
        const tags = [pick(random, tagPool)];
        return write(group, ledger, `POST /v1/links ${url}`, () => client.request('POST', '/v1/links', { token, json: { url, title, tags } }), 201, (model, a) => {
          const link = JSON.parse(a.text) as { id: number; url: string };
          model.links[link.id] = { url: link.url, title, tags, issue: null };
        });
      }],
      [3, () => {
        const id = pick(random, linkIds());
        const tag = tagPool.find((t) => !m().links[id]!.tags.includes(t));
        if (tag === undefined) return undefined;
        const add = (model: Model) => void model.links[id]!.tags.push(tag);
        return write(group, ledger, `POST /v1/links/${id}/tags`, () => client.request('POST', `/v1/links/${id}/tags`, { token, json: { tags: [tag] } }), 200, add, add);
      }],
      [2, () => {
        const id = pick(random, linkIds());
        const tag = m().links[id]!.tags[0];
        if (tag === undefined) return undefined;
        const remove = (model: Model) => void (model.links[id]!.tags = model.links[id]!.tags.filter((t) => t !== tag));
        return write(group, ledger, `DELETE /v1/links/${id}/tags/${tag}`, () => client.request('DELETE', `/v1/links/${id}/tags/${tag}`, { token }), 204, remove, remove);
      }],
      [3, () => {
        const id = pick(random, linkIds());
        const title = `Edited ${next()}`;
        const edit = (model: Model) => void (model.links[id]!.title = title);
        return write(group, ledger, `PATCH /v1/links/${id}`, () => client.request('PATCH', `/v1/links/${id}`, { token, json: { title, blurb: `Blurb ${title}` } }), 200, edit, edit);
      }],
      [1, () => {
        // Only a tag one of the loop's links carries: it surely exists.
        const carried = tagPool.filter((t) => Object.values(m().links).some((l) => l.tags.includes(t)));
        if (carried.length === 0) return undefined;
        const from = pick(random, carried);
        const to = `t-${o.run}-${index}-${next()}`;
        const rename = (model: Model) => {
          for (const link of Object.values(model.links)) link.tags = link.tags.map((t) => (t === from ? to : t));
        };
        return write(group, ledger, `PATCH /v1/tags/${from}`, () => client.request('PATCH', `/v1/tags/${from}`, { token, json: { name: to } }), 200, (model) => {
          rename(model);
          tagPool[tagPool.indexOf(from)] = to;
        }, rename);
      }],
      [2, () => {
        const [number] = Object.keys(m().issues).map(Number);
        if (number === undefined) {
          const date = `2030-01-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
          return write(group, ledger, 'POST /v1/issues', () => client.request('POST', '/v1/issues', { token, json: { date, subject: `Issue of ${o.run} ${index}` } }), 201, (model, a) => {
            const issue = JSON.parse(a.text) as { number: number; sections: { name: string }[] };
            model.issues[issue.number] = { section: issue.sections[0]!.name };
          });
        }
        const free = linkIds().filter((id) => m().links[id]!.issue === null);
        if (free.length === 0) return undefined;
        const id = pick(random, free);
        const section = m().issues[number]!.section;
        const add = (model: Model) => void (model.links[id]!.issue = number);
        return write(group, ledger, `POST /v1/issues/${number}/items`, () => client.request('POST', `/v1/issues/${number}/items`, { token, json: { linkId: id, section } }), 201, add, add);
      }],
      [0.5, () => {
        if (importsLeft <= 0) return undefined;
        importsLeft--;
        const base = `${pick(random, o.origins)}/${o.run}/i${index}/${next()}`;
        const urls = Array.from({ length: o.importSize ?? 20 }, (_, k) => `${base}/${k}`);
        return write(group, ledger, 'POST /v1/imports', () => client.request('POST', '/v1/imports?format=urls', { token, body: urls.join('\n'), contentType: 'text/plain' }), 202, (model, a) => {
          model.imports[(JSON.parse(a.text) as { id: number }).id] = urls;
        });
      }],
    ];
    const total = ops.reduce((sum, [weight]) => sum + weight, 0);
    while (!stopping) {
      let op: () => Promise<unknown> | undefined = ops[0]![1];
      if (linkIds().length >= 2) {
        let r = random() * total;
        for (const [weight, candidate] of ops) if ((r -= weight) < 0) {
          op = candidate;
          break;
        }
      }
      await op();
    }
  }

  async function submitter(index: number): Promise<void> {
    const group = ledger.group(`${o.run} submitter ${index}`);
    while (!stopping) {
      const url = `${pick(random, o.origins)}/${o.run}/s${index}/${next()}`;
      // TRUST_PROXY=1: each submission from an address of its own, under the rate limit.
      const from = `198.18.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
      await write(group, ledger, `POST /v1/submissions ${url}`, () => client.request('POST', '/v1/submissions', { json: { url, name: 'Reader' }, headers: { 'X-Forwarded-For': from } }), 202, (model, a) => {
        model.submissions[(JSON.parse(a.text) as { receipt: string }).receipt] = url;
      });
    }
  }

  const loop = (body: () => Promise<void>) =>
    body().catch((err) => {
      if (err instanceof CutOff) cutOff.push(err.message);
      else throw err;
    });
  const finished = Promise.all([
    ...Array.from({ length: o.editors }, (_, i) => loop(() => editor(i))),
    ...Array.from({ length: o.submitters }, (_, i) => loop(() => submitter(i))),
  ]).then(() => {});
  return { stop: () => void (stopping = true), finished, cutOff };
}

export type Readers = {
  stop(): void;
  finished: Promise<void>;
  /** Milliseconds of each read answered. */
  latencies: number[];
  /** The same, by kind of read (`GET /v1/links/{id}`, `GET /v1/links?q=`, …). */
  byKind: Map<string, number[]>;
  /** Reads answered with anything but 200. */
  failures: string[];
  /** Reads that got no answer (each ends its loop). */
  cutOff: string[];
};

/** `count` loops reading what editors and readers read, each one request at a time, until stopped. */
export function startReaders(o: { client: Client; ledger: Ledger; token: string; random: Random; count: number }): Readers {
  let stopping = false;
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  const failures: string[] = [];
  const cutOff: string[] = [];
  const { client, token, random } = o;
  const kindOf = (target: string) => `GET ${target.replace(/\/\d+$/, '/{id}').replace(/=[^&]*/g, '=')}`;
  const reads: (() => [string, boolean])[] = [
    () => ['/v1/links?limit=20', true],
    () => ['/v1/links?status=pending&limit=50', true],
    () => [`/v1/links?q=${pick(random, ['page', 'fixture', 'link', 'edited'])}&limit=20`, true],
    () => {
      const ids = o.ledger.linkIds();
      return [ids.length > 0 ? `/v1/links/${pick(random, ids)}` : '/v1/links?limit=1', true];
    },
    () => ['/v1/tags?sort=count', true],
    () => ['/v1/issues', true],
    () => ['/', false],
    () => ['/feed.xml', false],
    () => ['/healthz', false],
  ];
  const loop = async () => {
    while (!stopping) {
      const [target, authorised] = pick(random, reads)();
      try {
        const a = await client.request('GET', target, authorised ? { token } : {});
        if (a.status === 200) {
          latencies.push(a.ms);
          const kind = kindOf(target);
          let list = byKind.get(kind);
          if (!list) byKind.set(kind, (list = []));
          list.push(a.ms);
        }
        else failures.push(`GET ${target} → ${a.status} ${a.text.slice(0, 200)}`);
      } catch (err) {
        cutOff.push(`GET ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return;
      }
    }
  };
  const finished = Promise.all(Array.from({ length: o.count }, loop)).then(() => {});
  return { stop: () => void (stopping = true), finished, latencies, byKind, failures, cutOff };
}
