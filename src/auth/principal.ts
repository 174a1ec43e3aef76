import type { Role } from '../db/schema.js';

/** Who is calling: the token behind the request. */
export type Principal = { tokenId: number; name: string; role: Role };

const rank: Record<Role, number> = { submitter: 1, editor: 2, admin: 3 };

/** Roles nest: an admin may do what an editor may, an editor what a submitter may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}
