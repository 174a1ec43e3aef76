import { z } from '@hono/zod-openapi';

/** Free text typed by an editor: trimmed, no control characters but newlines and tabs. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Must not be empty.')
    .max(max, `At most ${max} characters.`)
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'Must not contain control characters.');

