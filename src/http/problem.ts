import { maxHeaderSize, type IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { redactSecrets } from '../auth/token-secret.js';
import { isStorageFull } from '../db/errors.js';
import type { Logger } from '../logger.js';

/**
 * One error family for the whole API. Handlers throw these; one onError turns them
 * into application/problem+json (RFC 9457). `type` is stable: clients may switch on it.
 */
export type FieldError = { path: string; message: string; code: string };

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const typeUri = (slug: string) => `urn:linkletter:problem:${slug}`;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toProblem(instance?: string): ProblemBody {
    return {
      type: typeUri(this.slug),
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export class BadRequest extends ApiError {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, 'bad-request', 'Bad request', detail, errors ? { errors } : {});
  }
}
export class Invalid extends ApiError {
  constructor(detail: string, errors: FieldError[]) {
    super(422, 'validation', 'Invalid request', detail, { errors });
  }
}
export class Unauthorized extends ApiError {
  constructor(detail = 'A valid bearer token is required.') {
    super(401, 'unauthorized', 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer realm="linkletter"' });
  }
}
export class Forbidden extends ApiError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}
export class NotFound extends ApiError {
  constructor(detail = 'Nothing is here.') {
    super(404, 'not-found', 'Not found', detail);
  }
}
export class MethodNotAllowed extends ApiError {
  constructor(allowed: string[]) {
    super(405, 'method-not-allowed', 'Method not allowed', `Allowed methods: ${allowed.join(', ')}.`, {}, { Allow: allowed.join(', ') });
  }
}
export class Conflict extends ApiError {
  constructor(detail: string, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(409, 'conflict', 'Conflict', detail, extensions, headers);
  }
}
export class MalformedJson extends ApiError {
  constructor() {
    super(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
  }
}
export class PayloadTooLarge extends ApiError {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Payload too large', `Request bodies are limited to ${limitBytes} bytes.`);
  }
}
/** A write the disk has no room for (see isStorageFull): refused whole, to be tried again. */
export class StorageFull extends ApiError {
  constructor() {
    super(503, 'storage-full', 'Storage full', 'The server has no room to store this right now; nothing was changed. Try again later.', {}, { 'Retry-After': '60' });
  }
}
export class UnsupportedMediaType extends ApiError {
  constructor(detail = 'Send the request body as application/json.') {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

/**
 * What Node's HTTP parser refuses before the app sees a request (its `clientError`, see
 * src/server.ts), as a problem of the same family; undefined for errors of the connection
 * itself (ECONNRESET and the like), which get no answer.
 */
export function protocolProblem(err: { code?: string; message?: string }): ApiError | undefined {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, 'request-header-fields-too-large', 'Request header fields too large', `The request line and headers together are limited to ${maxHeaderSize} bytes.`);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(413, 'payload-too-large', 'Payload too large', 'The chunk extensions of the request body are too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'request-timeout', 'Request timeout', 'The request did not arrive in full in time.');
  }
  if (!err.code?.startsWith('HPE_')) return undefined;
  // llhttp's reasons are fixed phrases ("Invalid method encountered"), never request bytes.
  const reason = (err.message ?? '').replace(/^Parse Error: /, '').replace(/\.$/, '');
  return new BadRequest(`The request is not HTTP/1.1 this server can read${reason ? ` (${reason})` : ''}.`);
}

/**
 * A whole HTTP/1.1 response carrying `error` as problem+json, for a socket that has no
 * response object to write it with; it ends the connection (`Connection: close`).
 */
export function problemHttpMessage(error: ApiError): string {
  const body = JSON.stringify(error.toProblem());
  const headers = {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...error.headers,
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${error.status} ${error.title}\r\n${head}\r\n${body}`;
}

/** zod issues → field errors, with dotted paths (`credit.url`, `tags.2`). */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const base = issue.path.map(String).join('.');
    // An unknown key is reported on the key itself, so a client sees which field to drop.
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (base ? `${base}.${k}` : k));
      return { path: keys.join(', '), message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}.`, code: 'unknown_field' };
    }
    return { path: base, message: issue.message, code: issue.code };
  });
}

export function problemResponse(c: Context, error: ApiError): Response {
  const body = error.toProblem(redactedPath(c.req.path));
  // Details may echo what was sent (a name, a path); a token secret in it is not sent back.
  return c.newResponse(redactSecrets(JSON.stringify(body)), error.status, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    ...error.headers,
  });
}

/**
 * Hono's validator answers a body it cannot parse with a plain 400 HTTPException and drops the
 * parse error; the body's text stays in the request's cache (Hono 4: `json()` parses the cached
 * `text`, and a test pins this). A 400 is for malformed JSON when parsing that text fails
 * with a SyntaxError (known by type, not by the message's wording).
 */
async function bodyIsMalformedJson(c: Context): Promise<boolean> {
  const text = c.req.bodyCache.text;
  if (!text) return false;
  try {
    JSON.parse(await text);
    return false;
  } catch (err) {
    return err instanceof SyntaxError;
  }
}

/** The one error handler: known errors become their problem, a full disk a 503; anything else is a bare 500. */
export function createErrorHandler(logger: Logger) {
  return async (err: Error, c: Context): Promise<Response> => {
    if (err instanceof ApiError) return problemResponse(c, err);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      if (status === 400 && (await bodyIsMalformedJson(c))) return problemResponse(c, new MalformedJson());
      if (status === 415) return problemResponse(c, new UnsupportedMediaType());
      if (status < 500) {
        return problemResponse(c, new ApiError(status, `http-${status}`, err.message || 'Bad request', err.message || 'The request was refused.'));
      }
    }
    // Nobody is left to read this answer, and nothing went wrong here: not a 500, not an error to log.
    if (clientWentAway(err, c)) return problemResponse(c, new BadRequest('The request body ended before all of it arrived.'));
    if (isStorageFull(err)) {
      logger.warn('write refused: storage full', { requestId: c.get('requestId' as never), method: c.req.method, path: c.req.path, error: err.message });
      return problemResponse(c, new StorageFull());
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId' as never),
      method: c.req.method,
      path: redactedPath(c.req.path),
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return problemResponse(c, new ApiError(500, 'internal', 'Internal server error', 'Something went wrong on our side. It has been logged.'));
  };
}

/**
 * The client closed the connection while its body was being read (Node's `aborted`, ECONNRESET,
 * or the adapter's "prematurely closed"): the request on the node:http side (`c.env.incoming`
 * under @hono/node-server) is destroyed before it was complete.
 */
function clientWentAway(err: Error, c: Context): boolean {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming !== undefined && incoming.destroyed && !incoming.complete && ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || incoming.errored === err || /prematurely closed/.test(err.message));
}

/**
 * Path segments that are capabilities, as good as a password to whoever reads them: a
 * submission's receipt and a draft's preview token (also a double slash or other case away).
 */
const CAPABILITY_IN_PATH = /^(\/+(?:v1\/+)?submissions\/+(?!challenge\/*$)|\/+preview\/+)[^/]+/i;

/** The path as it may be logged or shown in a problem's `instance`: a receipt or preview token becomes `…`. */
export function redactedPath(path: string): string {
  return path.replace(CAPABILITY_IN_PATH, '$1…');
}
