import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Principal } from '../auth/principal.js';
import { optionallyGuarded, publicRoute } from '../auth/require-role.js';
import { ApiError, Invalid, MalformedJson, NotFound, fieldErrors } from '../http/problem.js';
import { jsonContent, ProblemSchema, problems } from '../http/responses.js';
import { createRouter, type AppEnv } from '../http/router.js';
import { getNewsletter } from '../newsletter/newsletter.repository.js';
import { postedValues, submitPageResponse } from '../site/submit-page.js';
import { clientAddress } from './client-address.js';
import { issueChallenge } from './proof-of-work.js';
import { submit } from './submit.js';
import { findReceipt } from './submissions.repository.js';
import { ChallengeSchema, formToSubmission, ReceiptParam, ReceiptSchema, SubmissionAccepted, SubmissionBody } from './submissions.schemas.js';

const tag = 'Submissions';

const tooMany = {
  description: 'Past a rate limit: `Retry-After` says when to try again',
  headers: { 'Retry-After': { schema: { type: 'integer' as const }, description: 'Seconds until a submission would be accepted.' } },
  content: { 'application/problem+json': { schema: ProblemSchema } },
};

/** The form's fields as posted; every one is checked as the JSON body is once blanks are left out. */
const FormFields = z
  .object(Object.fromEntries(['url', 'title', 'note', 'name', 'email', 'section', 'website', 'pow_challenge', 'pow_solution'].map((f) => [f, z.string().optional()])))
  .openapi('SubmissionForm');

const isForm = (c: Context) => /^application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '');

/** The statuses a person at the form can do something about: the form again says what. */
const FORM_PAGE_STATUSES = new Set([400, 422, 429]);

/**
 * A failed form post is answered with the form again (HTML, same status, `Retry-After` kept),
 * refilled and with its errors, rather than problem+json, a dead end for a person. The error
 * may come from the form's validator or from the handler; either way the one error handler
 * has already answered it (`c.error` says with what), so its answer is replaced.
 * JSON clients are untouched.
 */
const formErrorsAsPage: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const err = c.error;
  if (!isForm(c) || !(err instanceof ApiError) || !FORM_PAGE_STATUSES.has(err.status)) return;
  const form = await c.req.parseBody().catch(() => ({}));
  c.res = undefined;
  c.res = await submitPageResponse(c, err.status, { values: postedValues(form), error: err });
};

const formOrToken = optionallyGuarded();

/** A response that a form post gets as the form page again (text/html) and JSON clients as problem+json. */
const formPageToo = <R extends { description: string; content: Record<string, unknown> }>(response: R) => ({
  ...response,
  description: `${response.description} (a form post: the form again, as HTML, saying what to fix)`,
  content: { ...response.content, 'text/html': { schema: z.string() } },
});

/** The body as a submission, from JSON or from a form post; 422 names what is wrong. */
async function readSubmission(c: Context<AppEnv>) {
  let raw: unknown;
  if (isForm(c)) raw = formToSubmission(await c.req.parseBody());
  else {
    try {
      raw = await c.req.json();
    } catch {
      throw new MalformedJson();
    }
  }
  const parsed = SubmissionBody.safeParse(raw);
  if (!parsed.success) throw new Invalid('The submission has invalid fields.', fieldErrors(parsed.error));
  return parsed.data;
}

export function submissionsRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/submissions',
      operationId: 'submitLink',
      tags: [tag],
      summary: 'Submit a link (public)',
      description:
        'Anyone may submit, with no token or with a `submitter` token. The answer is the same for a new page, one already known (any spelling of it) and ' +
        'one dropped as spam: `202` with a receipt. Rate-limited per client (`SUBMISSION_RATE` a minute, `SUBMISSION_DAILY` a day; a submitter token by its own daily quota); ' +
        'editors are never limited. When `SUBMISSION_POW_BITS` is set, `pow` must solve a fresh challenge. ' +
        'An HTML form may post the same fields (`application/x-www-form-urlencoded`, with `pow_challenge` and `pow_solution`): it is answered `303` to the receipt page, ' +
        'or, refused with a 400, 422 or 429, with the form again as an HTML page saying what to fix.',
      // First, so that it sees what the token check, the validators and the handler throw.
      middleware: [formErrorsAsPage, formOrToken.middleware],
      security: formOrToken.security,
      request: {
        body: {
          // Both kinds are read by the handler (required: true would make the JSON validator
          // run on form posts too); a request without a body is answered 400.
          required: false,
          content: { 'application/json': { schema: SubmissionBody }, 'application/x-www-form-urlencoded': { schema: FormFields } },
        },
      },
      responses: {
        202: { ...jsonContent(SubmissionAccepted, 'Accepted for moderation'), headers: { Location: { schema: { type: 'string' } } } },
        303: { description: 'A form post: see the receipt page', headers: { Location: { schema: { type: 'string' } } } },
        ...problems(401, 413, 415),
        400: formPageToo(problems(400)[400]),
        422: formPageToo(problems(422)[422]),
        429: formPageToo(tooMany),
      },
    }),
    async (c) => {
      const ctx = c.var.ctx;
      const input = await readSubmission(c);
      const principal = c.get('principal') as Principal | undefined;
      const { receipt } = await submit(ctx, input, { client: clientAddress(c, ctx.config.trustProxy), principal });
      if (isForm(c)) return c.redirect(`/submissions/${receipt}`, 303);
      c.header('Location', `/v1/submissions/${receipt}`);
      return c.json({ status: 'pending' as const, receipt }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/submissions/challenge',
      operationId: 'getSubmissionChallenge',
      tags: [tag],
      summary: 'A proof-of-work challenge (public)',
      description:
        'Find any `solution` (up to 64 characters) such that SHA-256 of `challenge + ":" + solution` starts with `bits` zero bits, and send both as `pow` with one submission. ' +
        'A challenge serves one submission and expires after ten minutes. With `bits: 0` no proof is asked.',
      ...publicRoute,
      responses: { 200: jsonContent(ChallengeSchema, 'A fresh challenge') },
    }),
    (c) => {
      const { powKey, config, clock } = c.var.ctx;
      c.header('Cache-Control', 'no-store');
      return c.json(issueChallenge(powKey, config.submissionPowBits, clock.now().getTime()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/submissions/{receipt}',
      operationId: 'getSubmissionReceipt',
      tags: [tag],
      summary: 'Where a submission stands (public)',
      description: 'Pending, approved, rejected or archived (with the editors’ public reason, if any), published (with the issue), or removed.',
      ...publicRoute,
      request: { params: ReceiptParam },
      responses: { 200: jsonContent(ReceiptSchema, 'The submission'), ...problems(400, 404) },
    }),
    async (c) => {
      const { db } = c.var.ctx;
      const { receipt } = c.req.valid('param');
      const found = await findReceipt(db, receipt, (await getNewsletter(db)).baseUrl);
      if (!found) throw new NotFound('There is no submission with this receipt.');
      c.header('Cache-Control', 'no-store');
      return c.json(found, 200);
    },
  );

  return app;
}
