import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/router.js';
import { Forbidden, Unauthorized } from '../http/problem.js';
import { roleAtLeast, type Role } from './roles.js';
import { hashSecret, hashesEqual, looksLikeSecret } from './token-secret.js';
import { findLiveTokenBySecretHash, touchToken } from './tokens.repository.js';

/** lastUsedAt is kept to the minute: writing it on every request would make every read a write. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Guards a route: 401 without a valid bearer token, 403 when the token's role is below `role`.
 * Every non-public route declares one (a test walks the route table to prove it).
 */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match) throw new Unauthorized();
    const secret = match[1]!;
    if (!looksLikeSecret(secret)) throw new Unauthorized('The bearer token is not valid.');
    const { db, transact, clock } = c.var.ctx;
    const hash = hashSecret(secret);
    const token = await findLiveTokenBySecretHash(db, hash);
    // The lookup is by hash (so timing says nothing of the secret); compare anyway, constant-time.
    if (!token || !hashesEqual(token.secret_hash, hash)) throw new Unauthorized('The bearer token is unknown or revoked.');
    if (!roleAtLeast(token.role, role)) {
      throw new Forbidden(`This needs the ${role} role; the token “${token.name}” has the ${token.role} role.`);
    }
    const now = clock.now();
    if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) >= TOUCH_INTERVAL_MS) {
      await transact((trx) => touchToken(trx, token.id, now));
    }
    c.set('principal', { tokenId: token.id, name: token.name, role: token.role });
    // What this request writes is recorded (a link's history) as done by this token.
    const ctx = c.var.ctx;
    c.set('ctx', { ...ctx, transact: (work, actor = token.name) => ctx.transact(work, actor) });
    await next();
  };
}

/** Spread into createRoute: the guard plus its OpenAPI security entry. */
export function guarded(role: Role): { middleware: MiddlewareHandler<AppEnv>; security: Array<Record<string, string[]>> } {
  return { middleware: requireRole(role), security: [{ bearerAuth: [] }] };
}

/** Spread into createRoute of a public route: it says so in the OpenAPI document (no token needed). */
export const publicRoute = { security: [] as Array<Record<string, string[]>> };

/**
 * Spread into createRoute of a public route that also takes a token: without an
 * Authorization header the request goes on with no principal; with one, the token must be
 * valid (401 otherwise) and is who the request is.
 */
export function optionallyGuarded(): { middleware: MiddlewareHandler<AppEnv>; security: Array<Record<string, string[]>> } {
  const guard = requireRole('submitter');
  return {
    middleware: (c, next) => (c.req.header('Authorization') === undefined ? next() : guard(c, next)),
    security: [{}, { bearerAuth: [] }],
  };
}
