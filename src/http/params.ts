import { z } from '@hono/zod-openapi';

/**
 * A whole number in a path or query parameter, written in plain decimal digits. `z.coerce`
 * would also take `1e1`, `0x10`, ` 20 ` and `20.0`, which no client means to send.
 */
export const decimalInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'A whole number in decimal digits.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max });

/** decimalInt with a value for when the parameter is left out, shown in the OpenAPI document too. */
export const decimalIntOr = (min: number, max: number, fallback: number) => decimalInt(min, max).default(fallback).openapi({ default: fallback });

/**
 * A repeatable query parameter (`?tag=a&tag=b`) as a list of at most `max` values. More is a
 * 422 that names the limit (every value costs the query a condition; SQLite gives up near a
 * thousand), where other malformed parameters are a 400: the request is well formed, it only
 * asks for too much.
 */
export const repeatable = <T extends z.ZodType>(schema: T, max: number) =>
  z
    // maxItems only in the document: zod's own array limit would be a 400, not the 422 below.
    .union([schema, z.array(schema).openapi({ maxItems: max })])
    .transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[])
    .superRefine((values, ctx) => {
      if (values.length > max) ctx.addIssue({ code: 'custom', message: `At most ${max} values.`, params: { limit: max } });
    });

/** Whether a failed query validation is only about limits (see `repeatable`). */
export function onlyLimitsExceeded(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.length > 0 && issues.every((i) => i.code === 'custom' && typeof (i as { params?: { limit?: unknown } }).params?.limit === 'number');
}
