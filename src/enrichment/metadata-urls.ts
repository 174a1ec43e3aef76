/**
 * Which URLs found on a page may be stored and served: a frontend shows the image and the
 * favicon (and may link the canonical URL), so a reader's browser would request them. A page
 * must not be able to point that browser at the reader's own network (a router's admin page,
 * `http://127.0.0.1:9200/_shutdown`), so URLs that name an internal host are dropped.
 *
 * Only what the URL itself says can be checked here: IP literals in any spelling (through
 * address-policy.ts) and names that are internal by definition (`localhost`, `*.localhost`,
 * single-label names, reserved private-use suffixes). A public-looking name that resolves to
 * a private address cannot be told apart without DNS, and the answer could differ for the
 * reader anyway, so such names are kept: this narrows the risk, it does not close it.
 */
import { isPublicAddress, parseHostLiteral } from './address-policy.js';
import type { ExtractedMetadata } from './extract-metadata.js';

/**
 * Suffixes that never name a public host: RFC 6761/6762 (localhost, local, test, invalid),
 * RFC 8375 (home.arpa), ICANN's private-use .internal, and the de facto intranet ones.
 */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'localdomain', 'corp', 'home', 'test', 'invalid'];

/** True when `href` is not http(s), or its host is an IP literal that is not public, or an internal name. */
export function isInternalUrl(href: string): boolean {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return true;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return true;
  // URL has already normalised 0x7f.1, 2130706433 and the like to 127.0.0.1.
  const literal = parseHostLiteral(u.hostname);
  if (literal !== null) return !isPublicAddress(literal);
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || !host.includes('.')) return true; // `localhost`, `intranet`, `router`: found through the search domain
  return INTERNAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`));
}

/** The metadata with image, favicon and canonical URL set to null where they are internal. */
export function withoutInternalUrls(m: ExtractedMetadata): ExtractedMetadata {
  const keep = (url: string | null): string | null => (url !== null && isInternalUrl(url) ? null : url);
  return {
    ...m,
    image: m.image && !isInternalUrl(m.image.url) ? m.image : null,
    favicon: keep(m.favicon),
    canonicalUrl: keep(m.canonicalUrl),
  };
}
