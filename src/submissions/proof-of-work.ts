import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Trx } from '../db/database.js';
import { Invalid } from '../http/problem.js';

/**
 * Optional proof of work for public submissions (SUBMISSION_POW_BITS). A challenge is
 * `<nonce>.<expiresAtMs>.<bits>.<mac>`, signed with the database's `pow_key`; a solution is
 * any string (up to 64 characters) such that SHA-256 of `<challenge>:<solution>` starts with
 * `bits` zero bits. Each challenge is good for one submission, until it expires.
 */
export const CHALLENGE_TTL_MS = 10 * 60_000;

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function issueChallenge(key: Buffer, bits: number, nowMs: number): { challenge: string; bits: number; expiresAt: string } {
  const expiresAt = nowMs + CHALLENGE_TTL_MS;
  const payload = `${randomBytes(16).toString('base64url')}.${expiresAt}.${bits}`;
  return { challenge: `${payload}.${mac(key, payload)}`, bits, expiresAt: new Date(expiresAt).toISOString() };
}

/** Leading zero bits of a digest. */
function zeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

const invalid = (message: string, code: string) => new Invalid(message, [{ path: 'pow', message, code }]);

/** Checks a solution and spends its challenge; a 422 says what is wrong. */
export async function spendProof(trx: Trx, key: Buffer, bits: number, proof: { challenge: string; solution: string } | undefined, nowMs: number): Promise<void> {
  if (proof === undefined) throw invalid(`This server asks for a proof of work: get a challenge from GET /v1/submissions/challenge and send { challenge, solution } as \`pow\`.`, 'pow_required');
  const parts = proof.challenge.split('.');
  const [nonce, expires, challengeBits, signature] = parts;
  const payload = parts.slice(0, 3).join('.');
  const expected = Buffer.from(mac(key, payload));
  if (parts.length !== 4 || !signature || Buffer.byteLength(signature) !== expected.length || !timingSafeEqual(Buffer.from(signature), expected)) {
    throw invalid('The challenge was not issued by this server.', 'pow_forged');
  }
  if (Number(expires) <= nowMs) throw invalid('The challenge has expired; get a new one.', 'pow_expired');
  if (Number(challengeBits) < bits) throw invalid('The challenge is easier than this server now asks; get a new one.', 'pow_too_easy');
  const digest = createHash('sha256').update(`${proof.challenge}:${proof.solution}`).digest();
  if (zeroBits(digest) < Number(challengeBits)) throw invalid(`The solution does not give ${challengeBits} leading zero bits.`, 'pow_wrong');
  await trx.deleteFrom('pow_used').where('expires_at', '<=', nowMs).execute();
  const spent = await trx.insertInto('pow_used').values({ nonce: nonce!, expires_at: Number(expires) }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (spent.numInsertedOrUpdatedRows === 0n) throw invalid('This challenge was already used; get a new one.', 'pow_used');
}
