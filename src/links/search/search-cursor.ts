/**
 * Where a search walk stands, as a cursor's payload (signed by src/http/cursor.ts). Pure.
 *
 * Newest and oldest walks are keyset walks on the link id, as plain lists are. A relevance
 * walk first goes through its ranked set, then (when the ranking was capped) the older
 * matches, newest first, as a keyset walk below the ranked set.
 *
 * The ranked set is fixed on page 1: the matches with ids in [lowest, snapshot], the snapshot
 * being the newest link then, so links added later never enter it. Its order is not kept as
 * a score: bm25 reads counts of the whole table, and every link added moves every score, so
 * "after score s" would skip or repeat links whose scores moved across s. Instead the cursor
 * says which of the set were shown (a bitmap over the set in id order, 13 bytes for 100),
 * and each page shows the best of the rest by the scores of the moment: no link is shown
 * twice, none is left out. (A link of the set edited or deleted between pages shifts the
 * bitmap: its pages may then repeat or skip; that is not guarded against.)
 */
import { createHash } from 'node:crypto';

export type SearchPosition =
  /** Keyset: ids after (newest: below) `id`; in a relevance walk, the matches below its ranked set. */
  | { kind: 'after'; id: number; ranked?: number | undefined }
  | { kind: 'ranked'; snapshot: number; lowest: number; count: number; seen: Uint8Array; capped: boolean };

/** A short fingerprint of what a walk is a walk of, so a relevance cursor is refused for another query. */
export function queryFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function positionPayload(sort: string, fingerprint: string, p: SearchPosition): Record<string, unknown> {
  if (p.kind === 'after') return { sort, f: fingerprint, id: p.id, ...(p.ranked !== undefined ? { ranked: p.ranked } : {}) };
  return {
    sort,
    f: fingerprint,
    s: p.snapshot,
    lo: p.lowest,
    n: p.count,
    seen: Buffer.from(p.seen).toString('base64url'),
    capped: p.capped ? 1 : 0,
  };
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The position a cursor's payload holds, or a reason it holds none for this walk. */
export function positionFrom(payload: Record<string, unknown>, sort: string, fingerprint: string): SearchPosition | string {
  if (payload.sort !== sort) return `The cursor belongs to another listing (sort=${String(payload.sort)}).`;
  if (payload.f !== undefined && payload.f !== fingerprint) return 'The cursor belongs to another search.';
  if (isId(payload.id)) {
    if (payload.ranked !== undefined && !isId(payload.ranked)) return 'The cursor is malformed.';
    return { kind: 'after', id: payload.id, ranked: payload.ranked };
  }
  const { s, lo, n, seen, capped } = payload;
  if (payload.f === undefined || !isId(s) || !isId(lo) || !isId(n) || typeof seen !== 'string' || (capped !== 0 && capped !== 1)) {
    return 'The cursor is malformed.';
  }
  const bits = Buffer.from(seen, 'base64url');
  if (bits.length !== Math.ceil(n / 8)) return 'The cursor is malformed.';
  return { kind: 'ranked', snapshot: s, lowest: lo, count: n, seen: new Uint8Array(bits), capped: capped === 1 };
}

export const isSeen = (seen: Uint8Array, i: number) => (seen[i >> 3]! & (1 << (i & 7))) !== 0;
export const markSeen = (seen: Uint8Array, i: number) => {
  seen[i >> 3] = seen[i >> 3]! | (1 << (i & 7));
};
