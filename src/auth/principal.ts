import type { Role } from './roles.js';

/** Who is calling: the token behind the request. */
export type Principal = { tokenId: number; name: string; role: Role };
