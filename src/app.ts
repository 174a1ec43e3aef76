import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { createApi } from './api.js';
import type { AppContext } from './context.js';
import type { Logger } from './logger.js';
import {
  createErrorHandler,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  problemResponse,
  redactedPath,
  UnsupportedMediaType,
} from './http/problem.js';
import { PAGE_CSP } from './http/csp.js';
import { isMarkdownUpload, MARKDOWN_ROUTES, MAX_MARKDOWN_BYTES, mediaTypeOf } from './http/markdown-body.js';
import { preferredType } from './http/negotiate.js';
import type { AppEnv } from './http/router.js';
import { getNewsletter } from './newsletter/newsletter.repository.js';
import { renderNotFoundPage } from './site/site-pages.js';

export const MAX_BODY_BYTES = 64 * 1024;
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Routes that also take an HTML form's post (application/x-www-form-urlencoded). */
const FORM_ROUTES = new Set(['/v1/submissions']);
const FORM_TYPE = /^application\/x-www-form-urlencoded$/i;

/**
 * Routes whose body is a file, of any type and up to their own limit (IMPORT_MAX_BYTES), read
 * as a stream by the route itself: neither the 64 KiB limit nor the JSON rule applies.
 */
const takesFile = (c: Context<AppEnv>) => c.req.method === 'POST' && c.req.path === '/v1/imports';

/**
 * Bodies are JSON or nothing (or a form, where a form posts; or Markdown, where a past issue
 * is imported): anything else is a 415 rather than a confusing 422.
 */
const requireJsonBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { method } = c.req;
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && !takesFile(c)) {
    const length = c.req.header('content-length');
    const hasBody = c.req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
    const mediaType = mediaTypeOf(c.req.header('content-type'));
    const formRoute = method === 'POST' && FORM_ROUTES.has(c.req.path);
    if (hasBody && !JSON_TYPE.test(mediaType) && !(formRoute && FORM_TYPE.test(mediaType)) && !isMarkdownUpload(method, c.req.path, mediaType)) {
      const wanted = formRoute ? 'application/json or application/x-www-form-urlencoded' : MARKDOWN_ROUTES.has(c.req.path) ? 'text/markdown' : 'application/json';
      throw new UnsupportedMediaType(`Send the request body as ${wanted}.`);
    }
  }
  await next();
};

const limited = (maxSize: number) => bodyLimit({ maxSize, onError: () => { throw new PayloadTooLarge(maxSize); } });
const bodyLimited = limited(MAX_BODY_BYTES);
const markdownLimited = limited(MAX_MARKDOWN_BYTES);

/**
 * Asking a request for its body stream (as bodyLimit does first) makes @hono/node-server build
 * a full fetch Request, which cost a cheap request half its time. So: GET, HEAD and OPTIONS
 * bodies are never read by any handler and are not limited; a declared Content-Length is
 * checked as a number (Node's parser never delivers more than it declares); only a chunked
 * body is counted by bodyLimit as it streams in.
 */
const limitBodies: MiddlewareHandler<AppEnv> = (c, next) => {
  const { method } = c.req;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || takesFile(c)) return next();
  const markdown = isMarkdownUpload(method, c.req.path, c.req.header('content-type'));
  const max = markdown ? MAX_MARKDOWN_BYTES : MAX_BODY_BYTES;
  const length = c.req.header('content-length');
  if (length === undefined || c.req.header('transfer-encoding') !== undefined) return (markdown ? markdownLimited : bodyLimited)(c, next);
  if (Number(length) > max) throw new PayloadTooLarge(max);
  return next();
};

/** One structured line per request. */
function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      requestId: c.var.requestId,
      method: c.req.method,
      path: redactedPath(c.req.path),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  };
}

/**
 * A browser that asks for a public page that is not there gets a page of the site, with its
 * way back home; API clients (and anything that does not prefer HTML) keep problem+json.
 */
async function browserNotFound(c: Context<AppEnv>, err: NotFound): Promise<Response | undefined> {
  if (c.req.path.startsWith('/v1/') || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return undefined;
  if (preferredType(c.req.header('accept'), ['application/problem+json', 'application/json', 'text/html']) !== 'text/html') return undefined;
  const newsletter = await getNewsletter(c.var.ctx.db).catch(() => ({ name: 'linkletter', baseUrl: '' }));
  return c.html(renderNotFoundPage(newsletter, err.message), 404, { 'Content-Security-Policy': PAGE_CSP });
}

/** Builds the whole HTTP application. Never listens and never reads the environment. */
export function createApp(ctx: AppContext): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.use(async (c, next) => {
    c.set('ctx', ctx);
    await next();
  });
  app.use(requestId());
  app.use(accessLog(ctx.logger));
  if (ctx.config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: [...ctx.config.corsOrigins],
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        exposeHeaders: ['Location', 'X-Request-Id'],
        maxAge: 600,
      }),
    );
  }
  app.use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false }));
  app.use(methodNotAllowed({ app, onMethodNotAllowed: (c, methods) => problemResponse(c, new MethodNotAllowed(methods)) }));
  app.use(limitBodies);
  app.use(requireJsonBodies);

  app.route('/', createApi());

  const onError = createErrorHandler(ctx.logger);
  app.onError(async (err, c) => (err instanceof NotFound && (await browserNotFound(c, err))) || onError(err, c));
  app.notFound(async (c) => {
    const err = new NotFound(`No route for ${c.req.method} ${redactedPath(c.req.path)}.`);
    return (await browserNotFound(c, err)) || problemResponse(c, err);
  });
  return app;
}
