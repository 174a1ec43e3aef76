import type { Reader, Trx } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { Role } from './roles.js';
import { generateSecret, hashSecret } from './token-secret.js';

export type TokenInfo = {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  dailyQuota: number | null;
};

type TokenRow = {
  id: number;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  daily_quota: number | null;
};

const toTokenInfo = (row: TokenRow): TokenInfo => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
  dailyQuota: row.daily_quota,
});

const infoColumns = ['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked_at', 'daily_quota'] as const;

export async function findTokenByName(db: Reader, name: string): Promise<TokenInfo | undefined> {
  const row = await db.selectFrom('tokens').select(infoColumns).where('name', '=', name).executeTakeFirst();
  return row && toTokenInfo(row);
}

/** Creates a token; the secret is returned here once and never stored. */
export async function createToken(trx: Trx, input: { name: string; role: Role; dailyQuota?: number | undefined; now: Date }): Promise<{ token: TokenInfo; secret: string }> {
  const secret = generateSecret();
  const row = await trx
    .insertInto('tokens')
    .values({ name: input.name, role: input.role, secret_hash: hashSecret(secret), created_at: input.now.toISOString(), daily_quota: input.dailyQuota ?? null })
    .returning(infoColumns)
    .executeTakeFirstOrThrow();
  return { token: toTokenInfo(row), secret };
}

export async function listTokens(db: Reader): Promise<TokenInfo[]> {
  const rows = await db.selectFrom('tokens').select(infoColumns).orderBy('id').execute();
  return rows.map(toTokenInfo);
}

/** Returns false when no live token has that name. */
export async function revokeToken(trx: Trx, name: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('tokens')
    .set({ revoked_at: now.toISOString() })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Runs on every authenticated request, so it is compiled once. */
const liveTokenByHash = prepared((db, p: { secretHash: string }) =>
  db
    .selectFrom('tokens')
    .select(['id', 'name', 'role', 'secret_hash', 'last_used_at'])
    .where('secret_hash', '=', p.secretHash)
    .where('revoked_at', 'is', null),
);

export async function findLiveTokenBySecretHash(db: Reader, secretHash: string) {
  return (await liveTokenByHash(db, { secretHash }))[0];
}

export async function touchToken(trx: Trx, id: number, now: Date): Promise<void> {
  await trx.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute();
}
