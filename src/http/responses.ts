import { z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONValue } from 'hono/utils/types';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
      .optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const catalogue = {
  400: problem('Malformed request: bad JSON, query or path parameters'),
  401: problem('Missing, unknown or revoked token'),
  403: problem('The token’s role may not do this'),
  404: problem('Not found'),
  409: problem('Conflicts with the current state'),
  413: problem('Request body too large'),
  415: problem('Request body is not JSON'),
  422: problem('Invalid fields in the request body, or a query asking for more than a request may'),
} as const;

type Code = keyof typeof catalogue;

/** The problem responses a route can give, for its OpenAPI entry. */
export function problems<C extends Code>(...codes: C[]): { [K in C]: (typeof catalogue)[K] } {
  return Object.fromEntries(codes.map((code) => [code, catalogue[code]])) as { [K in C]: (typeof catalogue)[K] };
}

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/**
 * A response whose JSON body is already text (kept by SQLite, say), typed as the JSON of `T`
 * so the route still type-checks against its schema. The text is trusted to match `T`;
 * the tests check the shape through HTTP.
 */
export function jsonText<T, S extends ContentfulStatusCode = 200>(c: Context, text: string, status: S = 200 as S): Response & TypedResponse<JSONValue & T, S, 'json'> {
  const res: Response = c.body(text, status, { 'Content-Type': 'application/json' });
  return res as Response & TypedResponse<JSONValue & T, S, 'json'>;
}
