/** What a token may do. Roles nest: an admin may do what an editor may, an editor what a submitter may. */
export const ROLES = ['admin', 'editor', 'submitter'] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { submitter: 1, editor: 2, admin: 3 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
