import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { Logger } from '../logger.js';
import { ApiError, BadRequest, PROBLEM_CONTENT_TYPE, problemHttpMessage } from './problem.js';

/**
 * The node:http server for the app. What @hono/node-server's serve() would build, except that
 * what is refused before the app sees a request is problem+json like every other error, where
 * Node and the adapter answer it with a bare status line:
 * - a target or Host header the adapter cannot make a URL of (`*`, `http://[::1/x`, `Host: a b`):
 *   400, where the adapter answers an empty 400;
 * - an HTTP/1.1 request without Host (RFC 9112 wants a 400): Node's own check answers an empty one;
 * - an `Expect` other than 100-continue: Node answers an empty 417;
 * - CONNECT: Node, with nobody listening for it, closes the socket without a word.
 * (What Node's parser refuses outright is answered by server.ts, on its clientError.)
 */
export function createHttpServer(fetch: (request: Request) => Response | Promise<Response>, options: { hostname: string; logger: Logger }): Server {
  const listener = getRequestListener(fetch, { hostname: options.hostname, errorHandler: (err) => unreadableRequest(err, options.logger) });
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) return writeProblem(res, new BadRequest('An HTTP/1.1 request must have a Host header.'));
    void listener(req, res);
  });
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) =>
    writeProblem(res, new ApiError(417, 'expectation-failed', 'Expectation failed', 'The only expectation this server meets is 100-continue.')),
  );
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => {}); // a client that has gone already
    socket.end(problemHttpMessage(new BadRequest('CONNECT is not supported: this server is not a proxy.')));
    setTimeout(() => socket.destroy(), 2_000).unref();
  });
  return server;
}

/**
 * The adapter's errorHandler: its RequestError says the target or Host cannot be read (fixed
 * phrases, never request bytes); anything else would be the app throwing outside its own
 * error handler, a bug, logged and answered like every other 500.
 */
function unreadableRequest(err: unknown, logger: Logger): Response {
  if (err instanceof RequestError) return problemAsResponse(new BadRequest(`The request target or Host header cannot be read (${err.message}).`));
  logger.error('unhandled error', { error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) });
  return problemAsResponse(new ApiError(500, 'internal', 'Internal server error', 'Something went wrong on our side. It has been logged.'));
}

function problemAsResponse(error: ApiError): Response {
  return new Response(JSON.stringify(error.toProblem()), { status: error.status, headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...error.headers } });
}

function writeProblem(res: ServerResponse, error: ApiError): void {
  const body = JSON.stringify(error.toProblem());
  res.writeHead(error.status, { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body), Connection: 'close', ...error.headers });
  res.end(body);
}
