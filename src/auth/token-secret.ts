import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'll_';

/** 32 random bytes, base64url; the prefix makes a leaked secret easy to recognise and scan for. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/**
 * A fast hash is right here: the secret is 256 random bits, so there is nothing to
 * brute-force, and lookups by hash keep authentication to one indexed read.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function hashesEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function looksLikeSecret(value: string): boolean {
  return value.startsWith(PREFIX) && value.length > PREFIX.length + 40 && value.length < 100;
}

/** Anything shaped like a secret, whole or cut short (at least 16 characters after the prefix). */
const SECRET_SHAPE = new RegExp(`${PREFIX}[A-Za-z0-9_-]{16,}`, 'g');

/**
 * `text` with every secret-shaped run replaced by `ll_…`: for what is written where a secret
 * must never be (log lines, error bodies), whatever message or path brought it there.
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_SHAPE, `${PREFIX}…`);
}
