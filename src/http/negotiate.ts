/**
 * Content negotiation on request headers (RFC 9110 §12.5). Headers are client input: a
 * malformed one never throws, its unreadable parts are just not acceptable.
 */

/**
 * The offered media type the `Accept` header ranks highest: by q-value, ties by order in the
 * header; `q=0` (or an unreadable q) excludes a type; parameters other than q are ignored.
 * Undefined when none is asked for, so the caller picks its default.
 *
 * Media ranges (`text/*` and the like) match nothing, on purpose: a client that sends only a
 * range gets the caller's default rather than whichever offered type happens to be first.
 */
export function preferredType<T extends string>(accept: string | undefined, offered: readonly T[]): T | undefined {
  const byName = new Map(offered.map((type) => [type.toLowerCase(), type]));
  const ranked = (accept ?? '')
    .toLowerCase()
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.trim().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type } of ranked) {
    const match = byName.get(type);
    if (match !== undefined) return match;
  }
  return undefined;
}

/**
 * Whether `Accept-Encoding` takes gzip: named with a q above 0, or not named and covered by
 * `*` with a q above 0 (RFC 9110: `*` stands only for codings not listed).
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    weights.set(coding, q === undefined ? 1 : Number(q.slice(2)));
  }
  const q = weights.get('gzip') ?? weights.get('*') ?? 0;
  return q > 0;
}
