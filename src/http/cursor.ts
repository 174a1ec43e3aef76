import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequest } from './problem.js';

/**
 * Opaque keyset cursors: base64url(JSON) plus a truncated HMAC, so a client can pass one
 * back but cannot forge or edit one. The payload is whatever position the list needs.
 */
export function encodeCursor(key: Buffer, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${sign(key, body)}`;
}

export function decodeCursor(key: Buffer, cursor: string): Record<string, unknown> {
  const forged = () => new BadRequest('The cursor is not one this server issued.', [{ path: 'cursor', message: 'Invalid cursor.', code: 'invalid_cursor' }]);
  const dot = cursor.indexOf('.');
  if (dot <= 0 || cursor.length > 512) throw forged();
  const body = cursor.slice(0, dot);
  const given = Buffer.from(cursor.slice(dot + 1), 'utf8');
  const expected = Buffer.from(sign(key, body), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forged();
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw forged();
}

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url').slice(0, 22);
}
