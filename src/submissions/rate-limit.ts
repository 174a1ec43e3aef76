import type { Reader, Trx } from '../db/database.js';
import { ApiError } from '../http/problem.js';

/** At most `max` accepted submissions in any `windowMs` for `key`. */
export type Limit = { key: string; max: number; windowMs: number; what: string };

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export class TooManyRequests extends ApiError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', detail, { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** The first limit `limits` already reached at `nowMs`, as a 429 to throw, or undefined. */
export async function limitReached(db: Reader, limits: readonly Limit[], nowMs: number): Promise<TooManyRequests | undefined> {
  for (const limit of limits) {
    const since = nowMs - limit.windowMs;
    const hits = await db
      .selectFrom('submission_hits')
      .select('at')
      .where('client', '=', limit.key)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(limit.max)
      .execute();
    if (hits.length < limit.max) continue;
    // A slot frees when the max-th newest hit leaves the window.
    const oldest = hits[limit.max - 1]!.at;
    const retryAfter = Math.max(1, Math.ceil((oldest + limit.windowMs - nowMs) / 1000));
    return new TooManyRequests(`${limit.what} (${limit.max} per ${limit.windowMs >= DAY_MS ? 'day' : 'minute'}); try again in ${retryAfter} s.`, retryAfter);
  }
  return undefined;
}

/**
 * Counts one submission against every key of `limits`, or throws the 429 of the first one
 * already reached. Inside the write transaction, so that concurrent submissions (from any
 * WORKERS process: SQLite has one writer) cannot both take the last slot.
 */
export async function takeSlot(trx: Trx, limits: readonly Limit[], nowMs: number): Promise<void> {
  const reached = await limitReached(trx, limits, nowMs);
  if (reached) throw reached;
  for (const key of new Set(limits.map((l) => l.key))) {
    await trx.deleteFrom('submission_hits').where('client', '=', key).where('at', '<=', nowMs - DAY_MS).execute();
    await trx.insertInto('submission_hits').values({ client: key, at: nowMs }).execute();
  }
}
