import { describe, expect, it } from 'vitest';
import { createTestApp, problemOf } from '../helpers/test-app.js';

/** What every route shares: health checks, unknown routes and methods, CORS, and 500s. */

describe('HTTP operations', () => {
  it('answers /healthz and /readyz, echoing a request id', async () => {
    const t = await createTestApp();
    const res = await t.request('GET', '/healthz', { token: null, headers: { 'x-request-id': 'abc-123' } });
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const ready = await t.request('GET', '/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect((await t.request('GET', '/healthz', { token: null })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await t.close();
  });

  it('answers /readyz with 503 when the database is gone', async () => {
    const t = await createTestApp();
    t.sqlite.close();
    const res = await t.request('GET', '/readyz', { token: null });
    expect(res.status).toBe(503);
    expect((await problemOf(res)).detail).not.toMatch(/sqlite|closed/i);
  });

  it('answers 404 for unknown routes and 405 with Allow for a wrong method', async () => {
    const t = await createTestApp();
    const missing = await t.request('GET', '/v1/nothing');
    expect(missing.status).toBe(404);
    await problemOf(missing);
    const wrong = await t.request('PUT', '/v1/links');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, GET, HEAD');
    await problemOf(wrong);
    await t.close();
  });

  it('allows browser origins only when CORS_ORIGINS lists them', async () => {
    const closed = await createTestApp();
    const a = await closed.request('GET', '/healthz', { token: null, headers: { origin: 'https://app.example.org' } });
    expect(a.headers.get('access-control-allow-origin')).toBeNull();
    await closed.close();
    const open = await createTestApp({ corsOrigins: ['https://app.example.org'] });
    const b = await open.request('OPTIONS', '/v1/links', {
      token: null,
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST' },
    });
    expect(b.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const c = await open.request('GET', '/healthz', { token: null, headers: { origin: 'https://evil.example' } });
    expect(c.headers.get('access-control-allow-origin')).toBeNull();
    await open.close();
  });

  it('never leaks internals in a 500', async () => {
    const t = await createTestApp();
    await t.createLink({ url: 'https://example.com/' });
    t.sqlite.exec('DROP TABLE link_json'); // any query touching it now throws inside SQLite
    const res = await t.request('GET', '/v1/links');
    expect(res.status).toBe(500);
    const problem = await problemOf(res);
    expect(JSON.stringify(problem)).not.toMatch(/link_json|sqlite|SELECT|at .*\.ts/i);
    await t.close();
  });
});
