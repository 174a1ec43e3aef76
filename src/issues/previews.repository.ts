import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/token-secret.js';
import type { Reader, Trx } from '../db/database.js';
import type { IssueRow } from './issues.repository.js';

// Preview links of drafts: the token is shown once, in the answer that makes it, and kept
// only as its hash, like an API token (256 random bits: a fast hash is enough).

/** Makes (or replaces) the issue's preview link; returns its token. */
export async function createPreview(trx: Trx, issueId: number, now: Date, expiresAt: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await trx
    .insertInto('issue_previews')
    .values({ issue_id: issueId, token_hash: hashSecret(token), created_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .onConflict((oc) => oc.column('issue_id').doUpdateSet({ token_hash: (eb) => eb.ref('excluded.token_hash'), created_at: (eb) => eb.ref('excluded.created_at'), expires_at: (eb) => eb.ref('excluded.expires_at') }))
    .execute();
  return token;
}

/** Returns false when the issue had no preview link. */
export async function deletePreview(trx: Trx, issueId: number): Promise<boolean> {
  const result = await trx.deleteFrom('issue_previews').where('issue_id', '=', issueId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The draft a preview token shows, if the token is known, unexpired, and its issue still a draft. */
export async function findPreviewedDraft(db: Reader, token: string, now: Date): Promise<IssueRow | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return db
    .selectFrom('issue_previews as p')
    .innerJoin('issues as i', 'i.id', 'p.issue_id')
    .selectAll('i')
    .where('p.token_hash', '=', hashSecret(token))
    .where('p.expires_at', '>', now.toISOString())
    .where('i.status', '=', 'draft')
    .executeTakeFirst();
}
