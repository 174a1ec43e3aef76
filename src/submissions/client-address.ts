import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';

/**
 * Who is asking, for the rate limits: the socket's address, or behind `trustProxy` proxies
 * the address the outermost of them saw — the `trustProxy`-th entry of X-Forwarded-For
 * counted from the right (each proxy appends the address it received from; the left-most
 * entries are whatever the client wrote). When the header has fewer entries than that, the
 * proxies are not what the setting says and the socket's address is used.
 *
 * An IPv6 address counts as its /64 (one subscriber's network), an IPv4-mapped one as IPv4.
 */
export function clientAddress(c: Context, trustProxy: number): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  let address = socket;
  if (trustProxy > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (forwarded.length >= trustProxy) address = forwarded[forwarded.length - trustProxy];
  }
  return address === undefined ? 'unknown' : rateKey(address);
}

function rateKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 100);
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.kind() === 'ipv4') return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toNormalizedString()}/64`;
}
