import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Principal } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { onlyLimitsExceeded } from './params.js';
import { BadRequest, Invalid, fieldErrors } from './problem.js';

export type AppEnv = {
  Variables: {
    requestId: string;
    ctx: AppContext;
    principal: Principal;
  };
};

/** A sub-app whose validation failures become problem+json: 422 for bodies, 400 for the rest. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors = fieldErrors(result.error as z.ZodError);
      if (result.target === 'json') {
        throw new Invalid('The request body has invalid fields.', errors);
      }
      if (onlyLimitsExceeded((result.error as z.ZodError).issues)) {
        throw new Invalid(`The ${result.target} asks for more than a request may: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
      }
      const where = result.target === 'param' ? 'path' : result.target;
      throw new BadRequest(`The ${where} parameters are invalid.`, errors);
    },
  });
}
