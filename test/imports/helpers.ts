import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'imports');
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** POST /v1/imports with the file as the body; returns the response. */
export async function upload(t: TestApp, body: string | Uint8Array, options: { type?: string; query?: string; token?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': options.type ?? 'application/octet-stream' };
  return t.request('POST', `/v1/imports${options.query ? `?${options.query}` : ''}`, {
    body: typeof body === 'string' ? body : Buffer.from(body).toString('latin1'),
    headers,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
}

/** Uploads, runs the import to its end, and returns the finished import's JSON. */
export async function importFile(t: TestApp, body: string, options: { type?: string; query?: string } = {}): Promise<any> {
  const res = await upload(t, body, options);
  expect(res.status, await res.clone().text()).toBe(202);
  const queued = await res.json();
  expect(res.headers.get('location')).toBe(`/v1/imports/${queued.id}`);
  await t.importRunner.drain();
  const done = await t.request('GET', `/v1/imports/${queued.id}`);
  expect(done.status).toBe(200);
  return done.json();
}

/** Every link, oldest first, as the API shows them. */
export async function allLinks(t: TestApp): Promise<any[]> {
  const links: any[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.request('GET', `/v1/links?sort=oldest&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = (await res.json()) as { items: any[]; nextCursor: string | null };
    links.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return links;
}

export const byUrl = (links: any[]) => new Map(links.map((l) => [l.url as string, l]));
