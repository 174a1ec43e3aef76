/** Time is injected so tests of ordering, backoff and expiry never sleep. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
