/**
 * Address policy for outbound page fetches. Pure: no I/O.
 *
 * An address is public when it is a global unicast address: not loopback,
 * private, link-local, CGNAT, unique-local, multicast, unspecified, broadcast,
 * reserved/documentation/benchmarking, nor an IPv6 form that embeds one of
 * those (IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64, 6to4).
 */
import ipaddr from 'ipaddr.js';

/** A predicate deciding whether the fetcher may connect to `ip` (resolved for `hostname`). */
export type AddressPolicy = (ip: string, hostname?: string) => boolean;

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

function embeddedIPv4(parts: number[], hiIndex: number): ipaddr.IPv4 {
  const hi = parts[hiIndex] ?? 0;
  const lo = parts[hiIndex + 1] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function isPublicIPv4(addr: ipaddr.IPv4): boolean {
  return addr.range() === 'unicast';
}

function isPublicIPv6(addr: ipaddr.IPv6): boolean {
  const parts = addr.parts;
  const range = addr.range();
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d (normally unwrapped by ipaddr.process already)
    case 'rfc6145': // ::ffff:0:a.b.c.d
    case 'rfc6052': // NAT64 64:ff9b::/96 and 64:ff9b:1::/48: IPv4 in the last 32 bits
      return isPublicIPv4(embeddedIPv4(parts, 6));
    case '6to4': // 2002:AABB:CCDD::/48
      return isPublicIPv4(embeddedIPv4(parts, 1));
    case 'unicast':
      break;
    default:
      // loopback, unspecified, linkLocal, uniqueLocal, multicast, teredo,
      // reserved (2001:db8::/32 …), discard, benchmarking, orchid, …
      return false;
  }
  // IPv4-compatible (::a.b.c.d, deprecated) and everything else in ::/96.
  if (parts.slice(0, 6).every((p) => p === 0)) return false;
  // Only the global unicast block 2000::/3 is routable on the internet.
  return addr.match(GLOBAL_UNICAST_V6);
}

/**
 * Strips `[...]` around an IPv6 literal, and rewrites a trailing dotted quad
 * in IPv6 (`::127.0.0.1`) as hex groups (`::7f00:1`): ipaddr.js would read any
 * such address as IPv4-mapped, but only `::ffff:a.b.c.d` is.
 */
function stripBrackets(host: string): string {
  let h = host.trim();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const m = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (m) {
    const o = m.slice(2, 6).map(Number);
    if (o.every((x) => x <= 255)) {
      const hex = (a: number, b: number): string => ((a << 8) | b).toString(16);
      h = `${m[1]}${hex(o[0]!, o[1]!)}:${hex(o[2]!, o[3]!)}`;
    }
  }
  return h;
}

/**
 * True only for public (global unicast) IPv4/IPv6 addresses. Anything that is
 * not a valid IP address is not public.
 */
export function isPublicAddress(ip: string): boolean {
  const s = stripBrackets(ip);
  if (s.includes('%')) return false; // zoned addresses are link-scoped
  if (!ipaddr.isValid(s)) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(s); // unwraps ::ffff:a.b.c.d to IPv4
  } catch {
    return false;
  }
  return addr.kind() === 'ipv4' ? isPublicIPv4(addr as ipaddr.IPv4) : isPublicIPv6(addr as ipaddr.IPv6);
}

/**
 * Recognises an IP literal used as a host, in any spelling ipaddr.js accepts
 * (`127.0.0.1`, `0x7f000001`, `2130706433`, `127.1`, `0177.0.0.1`,
 * `[::ffff:127.0.0.1]`, `::1`), and returns it in normal form (`127.0.0.1`,
 * `::ffff:7f00:1`). Returns null for host names.
 *
 * Note: a WHATWG `URL` already normalises the IPv4 spellings in `hostname`
 * (`new URL('http://0x7f000001/').hostname === '127.0.0.1'`), and keeps IPv6
 * in brackets (`[::ffff:7f00:1]`).
 */
export function parseHostLiteral(host: string): string | null {
  let h = stripBrackets(host);
  if (h.endsWith('.') && !h.includes(':')) h = h.slice(0, -1);
  if (h === '' || !ipaddr.isValid(h)) return null;
  try {
    return ipaddr.parse(h).toString();
  } catch {
    return null;
  }
}
