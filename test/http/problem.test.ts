import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorHandler, problemHttpMessage, protocolProblem } from '../../src/http/problem.js';
import { createLogger } from '../../src/logger.js';

/**
 * The problems for what Node's HTTP parser refuses (src/server.ts writes them on the socket;
 * test/server-protocol-errors.test.ts sends the bytes): codes a client cannot easily provoke.
 */
describe('protocolProblem', () => {
  it('maps the parser’s and the server’s codes to statuses', () => {
    const status = (code: string, message?: string) => protocolProblem({ code, message })?.status;
    expect(status('HPE_HEADER_OVERFLOW')).toBe(431);
    expect(status('HPE_CHUNK_EXTENSIONS_OVERFLOW')).toBe(413);
    expect(status('ERR_HTTP_REQUEST_TIMEOUT')).toBe(408);
    for (const code of ['HPE_INVALID_METHOD', 'HPE_INVALID_VERSION', 'HPE_INVALID_CHUNK_SIZE', 'HPE_UNEXPECTED_CONTENT_LENGTH']) {
      expect(status(code), code).toBe(400);
    }
  });

  it('has no answer for errors of the connection itself', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', undefined]) expect(protocolProblem({ code }), String(code)).toBeUndefined();
  });

  it('says what the parser said, without its prefix', () => {
    const problem = protocolProblem({ code: 'HPE_INVALID_METHOD', message: 'Parse Error: Invalid method encountered' })!;
    expect(problem.toProblem()).toEqual({
      type: 'urn:linkletter:problem:bad-request',
      title: 'Bad request',
      status: 400,
      detail: 'The request is not HTTP/1.1 this server can read (Invalid method encountered).',
    });
  });
});

describe('problemHttpMessage', () => {
  it('is a whole HTTP/1.1 response that closes the connection', () => {
    const message = problemHttpMessage(protocolProblem({ code: 'ERR_HTTP_REQUEST_TIMEOUT' })!);
    const [head, body] = message.split('\r\n\r\n') as [string, string];
    expect(head.split('\r\n')).toEqual([
      'HTTP/1.1 408 Request timeout',
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ]);
    expect(JSON.parse(body)).toEqual({
      type: 'urn:linkletter:problem:request-timeout',
      title: 'Request timeout',
      status: 408,
      detail: 'The request did not arrive in full in time.',
    });
  });
});

describe('the error handler on a full disk', () => {
  it('answers SQLITE_FULL and ENOSPC with 503 problem+json and Retry-After, saying nothing of the cause, and logs a warning', async () => {
    const lines: { level: string; msg: string }[] = [];
    const logger = createLogger('debug', (line) => lines.push(JSON.parse(line)));
    const app = new Hono();
    app.onError(createErrorHandler(logger));
    app.post('/sqlite', () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    app.post('/file', () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    });
    for (const path of ['/sqlite', '/file']) {
      const res = await app.request(path, { method: 'POST' });
      expect(res.status, path).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('60');
      const body = await res.json();
      expect(body).toMatchObject({ type: 'urn:linkletter:problem:storage-full', status: 503 });
      expect(JSON.stringify(body)).not.toMatch(/SQLITE|ENOSPC|disk is full/);
    }
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual(['warn write refused: storage full', 'warn write refused: storage full']);
  });
});
