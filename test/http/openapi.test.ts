import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApi, openApiYaml } from '../../src/api.js';
import { openApiPath, routeTable } from '../helpers/routes.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const OPENAPI_FILE = new URL('../../openapi.yaml', import.meta.url);
const generated = () => openApiYaml(createApi());

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('openapi.yaml', () => {
  it('is committed exactly as the code generates it', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    // A plain boolean first, so a stale file fails with the fix in the message rather than a long diff.
    expect(committed === generated(), 'openapi.yaml is stale: run `npm run openapi` and commit the result').toBe(true);
  });

  it('is served at GET /openapi.yaml, without a token, as the same text with a YAML content type', async () => {
    const res = await t.request('GET', '/openapi.yaml', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/(yaml|x-yaml)\b/);
    expect(await res.text()).toBe(generated());
  });

  it('is an OpenAPI 3.1 document that lists every route of the app with its method', () => {
    const doc = parse(generated()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    const routes = new Set<string>();
    for (const { method, path } of routeTable(t.app)) {
      if (path === '/docs' || path.startsWith('/docs/')) continue;
      routes.add(`${method.toLowerCase()} ${openApiPath(path)}`);
    }
    expect(routes.size).toBeGreaterThan(10);
    const missing = [...routes].filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return doc.paths[path]?.[method] === undefined;
    });
    expect(missing, 'routes missing from openapi.yaml (is a route registered with .get() instead of .openapi()?)').toEqual([]);
  });
});

describe('GET /docs', () => {
  it('serves HTML that loads scripts, styles and icons only from this origin, and every one of them answers 200', async () => {
    const res = await t.request('GET', '/docs', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html\b/);
    const html = await res.text();

    const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    // Same origin only: no scheme, no protocol-relative `//host` URLs.
    expect(refs.filter((ref) => /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//'))).toEqual([]);

    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
    const stylesheets = [...html.matchAll(/<link\b[^>]*\brel\s*=\s*["']stylesheet["'][^>]*\bhref\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    expect(stylesheets.length).toBeGreaterThan(0);

    for (const ref of refs) {
      const asset = await t.request('GET', new URL(ref, 'http://localhost/docs').pathname, { token: null });
      expect(asset.status, `${ref} → ${asset.status}`).toBe(200);
      if (scripts.includes(ref)) expect(asset.headers.get('content-type'), ref).toMatch(/^(text|application)\/javascript\b/);
      if (stylesheets.includes(ref)) expect(asset.headers.get('content-type'), ref).toMatch(/^text\/css\b/);
    }
  });

  it('points Swagger UI at the same-origin /openapi.yaml', async () => {
    const res = await t.request('GET', '/docs/assets/init.js', { token: null });
    expect(res.status).toBe(200);
    const script = await res.text();
    expect(script).toContain("'/openapi.yaml'");
    expect(script).not.toMatch(/https?:\/\//i);
  });

  it('answers 404 problem+json for an asset it does not have, including Object.prototype names and ../ paths', async () => {
    for (const name of ['nope.js', '..%2F..%2Fpackage.json', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await t.request('GET', `/docs/assets/${name}`, { token: null });
      expect(res.status, name).toBe(404);
      expect(res.headers.get('content-type'), name).toMatch(/^application\/problem\+json/);
    }
  });
});
