import { createRoute, z } from '@hono/zod-openapi';
import { publicRoute } from '../auth/require-role.js';
import { PAGE_CSP } from '../http/csp.js';
import { NotFound } from '../http/problem.js';
import { ProblemSchema } from '../http/responses.js';
import { createRouter } from '../http/router.js';
import { MAX_URL_LENGTH } from '../links/canonical-url.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { findReceipt } from '../submissions/submissions.repository.js';
import { renderReceiptPage } from './receipt-page.js';
import { prefillFromQuery, submitPageResponse, SUBMIT_PATH, SUBMIT_SCRIPT_PATH } from './submit-page.js';
import { SUBMIT_SCRIPT } from './submit-script.js';

const tag = 'Public';
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

/**
 * The query is whatever a bookmarklet or a stranger's link carries: a value that is not one
 * string (repeated, say) is taken as absent, so no query is ever refused.
 */
const lenient = (description: string) => z.string().optional().catch(undefined).openapi({ type: 'string', description });

export function submitRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: SUBMIT_PATH,
      operationId: 'getSubmitPage',
      ...publicRoute,
      tags: [tag],
      summary: 'The form readers submit links with (HTML)',
      description:
        'A form that posts to `POST /v1/submissions` and works without JavaScript (with `SUBMISSION_POW_BITS` set it needs it, and says so), ' +
        'with a bookmarklet that opens it on the page a reader is on. `url` and `title` prefill it; values it cannot use are left out, never refused.',
      request: {
        query: z.object({
          url: lenient(`The page to prefill: an http(s) URL of at most ${MAX_URL_LENGTH} characters (anything else is not prefilled).`),
          title: lenient('The title to prefill: made one line and cut to 300 characters.'),
        }),
      },
      responses: { 200: html('The form') },
    }),
    (c) => submitPageResponse(c, 200, { values: prefillFromQuery(c.req.query('url'), c.req.query('title')) }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: SUBMIT_SCRIPT_PATH,
      operationId: 'getSubmitScript',
      ...publicRoute,
      tags: [tag],
      summary: 'The form’s proof-of-work script',
      description: 'What the form runs when `SUBMISSION_POW_BITS` is set: it solves a challenge from `GET /v1/submissions/challenge` before the form is sent.',
      responses: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string() } } } },
    }),
    (c) => c.body(SUBMIT_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/submissions/{receipt}',
      operationId: 'getSubmissionReceiptPage',
      ...publicRoute,
      tags: [tag],
      summary: 'Where a submission stands (HTML)',
      description:
        'The page the form leads to after a submission: pending, approved, rejected (with the editors’ public reason, if any), archived, published (with a link to the issue) or removed. ' +
        'Not indexed nor cached. An unknown receipt is a 404 (an HTML page for a browser).',
      request: { params: z.object({ receipt: z.string().openapi({ param: { name: 'receipt', in: 'path' }, example: 'q0Zx3sN4cI1mV8bT6uYw2eR5aD7fG9hJ0kL1zX3cV5b' }) }) },
      responses: {
        200: html('The submission’s status'),
        404: { description: 'No such receipt', content: { 'application/problem+json': { schema: ProblemSchema }, 'text/html': { schema: z.string() } } },
      },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const newsletter = await getNewsletter(db);
      const receipt = await findReceipt(db, c.req.valid('param').receipt, newsletter.baseUrl);
      if (!receipt) throw new NotFound('There is no submission with this receipt.');
      return c.html(renderReceiptPage(newsletter, receipt), 200, {
        'Content-Security-Policy': PAGE_CSP,
        'Cache-Control': 'no-store',
        'X-Robots-Tag': 'noindex, nofollow',
        'Referrer-Policy': 'no-referrer',
      });
    },
  );

  return app;
}
