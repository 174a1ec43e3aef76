import { expect } from 'vitest';

/**
 * Shared pieces for the tests that throw hostile input at the app: a deadline per request (a
 * hang fails the property that made it, with the request named, instead of timing the whole
 * test out) and a check that no request polluted a built-in prototype.
 */

/** How long one request may take before the property calls it a hang. */
export const REQUEST_DEADLINE_MS = 5_000;

/** `work`, or a rejection naming `what` once `ms` have passed without an answer. */
export async function withDeadline<T>(work: T | Promise<T>, what: string, ms = REQUEST_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(work), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };

/** The own keys of the built-in prototypes now, to compare with after the hostile requests. */
export function prototypeKeys(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(PROTOTYPES).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
}

/** Fails when a request added a key to a built-in prototype (`{"__proto__": {"polluted": true}}` merged somewhere). */
export function expectNoPollution(before: Record<string, string[]>, what = 'after the hostile requests'): void {
  expect(({} as Record<string, unknown>).polluted, what).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted, what).toBeUndefined();
  expect(prototypeKeys(), what).toEqual(before);
}

/** An answer as the checks below need it, from app.request or from a raw socket. */
export type Answer = { status: number; contentType: string; body: string };
/** What was asked, as far as it decides which kind of answer is right. */
export type Asked = { method: string; path: string; accept?: string | undefined; formPost?: boolean };

/**
 * The rule for an answer to anything a client may send: a success (1xx–3xx), or a 4xx that is a
 * complete problem+json. Two 4xx are HTML pages on purpose: a browser's 404 on the public site
 * (GET or HEAD, outside /v1/, asking for HTML), and a failed form post to /v1/submissions (the
 * form again). A HEAD answer has no body, so only its type is checked.
 */
export function expectAcceptableAnswer(answer: Answer, asked: Asked, what: string): void {
  const { status, contentType, body } = answer;
  expect(status, `5xx for ${what}: ${body.slice(0, 500)}`).toBeLessThan(500);
  if (status < 400) return;
  const head = asked.method.toUpperCase() === 'HEAD';
  const browser404 = status === 404 && (head || asked.method.toUpperCase() === 'GET') && !asked.path.startsWith('/v1/') && /html/i.test(asked.accept ?? '');
  const formPage = asked.formPost === true && [400, 422, 429].includes(status);
  if ((browser404 || formPage) && /^text\/html\b/i.test(contentType)) {
    if (!head) expect(body, what).toMatch(/^<!DOCTYPE html>/i);
    return;
  }
  expect(contentType, `content type of ${status} for ${what}`).toMatch(/^application\/problem\+json\b/);
  if (head) return;
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new Error(`the ${status} body is not JSON for ${what}: ${body.slice(0, 300)}`);
  }
  expect(problem, `problem body of ${status} for ${what}`).toMatchObject({ type: expect.stringMatching(/^urn:linkletter:problem:[a-z0-9-]+$/), title: expect.any(String), status, detail: expect.any(String) });
  expect((problem.title as string).length, what).toBeGreaterThan(0);
}
