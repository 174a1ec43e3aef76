/** A UNIQUE constraint refused the write: the last word when a check and an insert race. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

/**
 * The disk is full: SQLite could not store a write (SQLITE_FULL, the transaction rolled
 * back), or a file could not be written (ENOSPC, or EDQUOT for a quota). Nothing was
 * changed, and the same write may succeed once space is freed: a 503, not a 500.
 */
export function isStorageFull(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err.code === 'SQLITE_FULL' || err.code === 'ENOSPC' || err.code === 'EDQUOT');
}
