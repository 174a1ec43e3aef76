import { hashSecret } from '../auth/token-secret.js';
import type { Reader } from '../db/database.js';
import type { Receipt } from './submissions.schemas.js';

const RECEIPT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Where a submission stands, for its submitter. A dropped submission (honeypot, blocked
 * domain) stays pending; a deleted link is `removed`; an internal reason is never shown.
 */
export async function findReceipt(db: Reader, receipt: string, baseUrl: string): Promise<Receipt | undefined> {
  if (!RECEIPT.test(receipt)) return undefined;
  const row = await db
    .selectFrom('submissions as s')
    .leftJoin('links as l', 'l.id', 's.link_id')
    .leftJoin('issue_items as ii', 'ii.link_id', 's.link_id')
    .leftJoin('issues as i', 'i.id', 'ii.issue_id')
    .select([
      's.url',
      's.created_at',
      's.dropped',
      's.link_id',
      'l.status',
      'l.status_reason',
      'l.status_reason_public',
      'i.number',
      'i.rendered_fragment',
    ])
    .where('s.receipt_hash', '=', hashSecret(receipt))
    .executeTakeFirst();
  if (!row) return undefined;
  const base = { url: row.url, submittedAt: row.created_at, reason: null, issue: null };
  if (row.dropped) return { ...base, status: 'pending' };
  if (row.link_id === null || row.status === null) return { ...base, status: 'removed' };
  const reason = row.status_reason_public ? row.status_reason : null;
  if (row.number !== null && row.rendered_fragment !== null) {
    return { ...base, status: 'published', reason, issue: { number: row.number, url: `${baseUrl}/issues/${row.number}` } };
  }
  return { ...base, status: row.status, reason };
}
