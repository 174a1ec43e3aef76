import { z } from '@hono/zod-openapi';
import type { Reader } from '../db/database.js';
import { Invalid } from '../http/problem.js';
import { getReasons, ReasonCode } from '../submissions/moderation.js';
import { text } from '../http/text.js';

/**
 * Why an editor approved, rejected or archived a link: free text (internal unless `public`),
 * or one of the canned reasons by its `code` (GET/PUT /v1/moderation/reasons).
 */
export const ReasonInput = z
  .union([
    text(500),
    z.strictObject({ code: ReasonCode }),
    z.strictObject({ text: text(500), public: z.boolean().default(false) }),
  ])
  .openapi('ReasonInput', {
    description: 'A reason for the status: a string (internal), `{ text, public }`, or `{ code }` naming a canned reason. A public reason is shown on the submitter’s receipt.',
  });
export type ReasonInputValue = z.output<typeof ReasonInput>;

export type StatusReason = { text: string; public: boolean };

/** The reason to store; a canned code that does not exist is a 422 at `path`. */
export async function resolveReason(db: Reader, reason: ReasonInputValue, path: string): Promise<StatusReason> {
  if (typeof reason === 'string') return { text: reason, public: false };
  if ('text' in reason) return reason;
  const canned = (await getReasons(db)).reasons.find((r) => r.code === reason.code);
  if (!canned) {
    const message = `There is no canned reason “${reason.code}” (see GET /v1/moderation/reasons).`;
    throw new Invalid(message, [{ path, message, code: 'unknown_reason' }]);
  }
  return { text: canned.text, public: canned.public };
}
