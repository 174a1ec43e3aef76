import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { rawConnect } from './helpers/raw-http.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * Requests Node's HTTP parser refuses before the app sees them (src/server.ts answers its
 * clientError): still problem+json, on a connection that is then closed.
 */

let running: RunningServer;
let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'linkletter-test-'));
  running = await startServer(testConfig({ port: 0, databasePath: path.join(tmp, 'protocol.db') }), { logger: silentLogger });
});
afterAll(async () => {
  await running.stop(1_000);
  rmSync(tmp, { recursive: true, force: true });
});

/** Sends `bytes` on a fresh connection; returns the one response and whether the server then closed it. */
async function exchange(bytes: string | Buffer) {
  const conn = await rawConnect(running.port);
  conn.send(bytes);
  const res = await conn.next();
  expect(res, 'a response before the connection closed').not.toBeNull();
  const after = await conn.next(); // null: the server closed the connection
  await conn.closed;
  return { ...res!, closedAfter: after === null };
}

function expectProblem(res: Awaited<ReturnType<typeof exchange>>, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.headers.connection).toBe('close');
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  expect(res.closedAfter).toBe(true);
  const problem = JSON.parse(res.body);
  expect(Object.keys(problem).sort()).toEqual(['detail', 'status', 'title', 'type']);
  expect(problem.status).toBe(status);
  expect(problem.type).toMatch(/^urn:linkletter:problem:[a-z-]+$/);
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

describe('protocol errors', () => {
  it('a 20 KB header: 431', async () => {
    const res = await exchange(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    const problem = expectProblem(res, 431);
    expect(problem.type).toBe('urn:linkletter:problem:request-header-fields-too-large');
  });

  it('an unknown method: 400', async () => {
    const problem = expectProblem(await exchange('FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), 400);
    expect(problem.type).toBe('urn:linkletter:problem:bad-request');
  });

  it('a request line that is not HTTP: 400', async () => {
    expectProblem(await exchange('hello there, server\r\n\r\n'), 400);
    expectProblem(await exchange(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])), 400); // a TLS hello
    expectProblem(await exchange('GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n'), 400);
  });

  it('a broken chunked body: 400', async () => {
    const res = await exchange('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    expectProblem(res, 400);
  });

  it('keeps serving: a good request on a new connection after all that', async () => {
    const conn = await rawConnect(running.port);
    conn.send('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect((await conn.next())?.status).toBe(200);
    conn.close();
  });
});
