import { z } from '@hono/zod-openapi';

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
  422: problem('Invalid fields in the request body'),
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
