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
