import { describe, expect, it } from 'vitest';
import { contractViolations } from '../helpers/contract.js';

// The checker every test request goes through (see test-app.ts) must itself catch drift.
const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('the response contract checker', () => {
  it('passes a problem that the document declares', async () => {
    const problem = { type: 'urn:linkletter:problem:not-found', title: 'Not found', status: 404, detail: 'No.' };
    expect(await contractViolations('GET', '/v1/links/7', json(404, problem, 'application/problem+json'))).toEqual([]);
  });

  it('reports a status the operation does not declare', async () => {
    const [violation] = await contractViolations('GET', '/v1/links/7', json(418, {}));
    expect(violation).toMatch(/GET \/v1\/links\/\{id\} → 418: status not declared/);
  });

  it('reports a content type the status does not declare', async () => {
    const [violation] = await contractViolations('GET', '/v1/links/7', new Response('<p>hi</p>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(violation).toMatch(/content type text\/html not declared/);
  });

  it('reports a body that does not match the schema', async () => {
    const violations = await contractViolations('GET', '/v1/links/7', json(200, { id: 'seven' }));
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.join('\n')).toMatch(/must have required property|must be integer/);
  });

  it('ignores routes the document does not describe', async () => {
    expect(await contractViolations('GET', '/docs', new Response('x', { status: 200 }))).toEqual([]);
  });
});
