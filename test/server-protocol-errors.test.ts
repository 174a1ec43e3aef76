import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config.js';
import { createToken } from '../src/auth/tokens.repository.js';
import { createLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { rawConnect } from './helpers/raw-http.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * Requests Node's HTTP parser refuses before the app sees them (src/server.ts answers its
 * clientError), and those Node or the adapter refuse before the app (src/http/node-listener.ts):
 * still problem+json, on a connection that is then closed. The later cases are what
 * test/http/hostile-wire.test.ts found.
 */

let running: RunningServer;
let tmp: string;
let secret: string;
/** What the server logs; nothing here is an error of the server's. */
const logs: string[] = [];
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'linkletter-test-'));
  running = await startServer(testConfig({ port: 0, databasePath: path.join(tmp, 'protocol.db') }), { logger: createLogger('warn', (line) => logs.push(line)) });
  secret = (await running.ctx.transact((trx) => createToken(trx, { name: 'editor', role: 'editor', now: new Date() }))).secret;
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

  it('a target or Host the adapter cannot make a URL of: 400', async () => {
    for (const request of ['OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1', 'GET http://[::1/v1/links HTTP/1.1\r\nHost: 127.0.0.1', 'GET /healthz HTTP/1.1\r\nHost: [::1', 'GET /healthz HTTP/1.1\r\nHost: a b']) {
      const problem = expectProblem(await exchange(`${request}\r\nConnection: close\r\n\r\n`), 400);
      expect(problem.detail).toMatch(/cannot be read/);
    }
  });

  it('an HTTP/1.1 request without Host: 400 (HTTP/1.0 needs none)', async () => {
    expect(expectProblem(await exchange('GET /healthz HTTP/1.1\r\n\r\n'), 400).detail).toMatch(/Host/);
    expect((await exchange('GET /healthz HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('an Expect other than 100-continue: 417', async () => {
    const problem = expectProblem(await exchange('POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: garbage\r\nContent-Length: 2\r\n\r\n{}'), 417);
    expect(problem.type).toBe('urn:linkletter:problem:expectation-failed');
  });

  it('CONNECT: 400, where Node closed the connection without a word', async () => {
    expect(expectProblem(await exchange('CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), 400).detail).toMatch(/not a proxy/);
  });

  it('a client that goes away mid-body: no 500 logged, and an import upload cut off at its first chunk does not end the process', async () => {
    const uncaught: Error[] = [];
    const onUncaught = (err: Error) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const auth = `Authorization: Bearer ${secret}\r\n`;
      for (const request of [
        // A Readable made of the body emitted this error while the upload's file was being opened, with no listener yet.
        `POST /v1/imports HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Transfer-Encoding: chunked\r\n\r\nzz\r\n`,
        `POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"url\r\nzz\r\n`,
        `POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"url":`,
      ]) {
        const conn = await rawConnect(running.port);
        conn.send(request);
        conn.socket.end();
        expect((await conn.next())?.status).toBe(400);
        await conn.closed;
      }
      await new Promise((resolve) => setTimeout(resolve, 100)); // the app's side of it ends after the answer
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(logs.filter((line) => JSON.parse(line).level === 'error')).toEqual([]);
  });

  it('keeps serving: a good request on a new connection after all that', async () => {
    const conn = await rawConnect(running.port);
    conn.send('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect((await conn.next())?.status).toBe(200);
    conn.close();
  });
});
