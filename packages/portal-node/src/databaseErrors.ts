/**
 * Whether a knex error is a unique or primary-key violation, on PostgreSQL
 * (SQLSTATE 23505) or SQLite (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY): what
 * a check-then-insert loses to a concurrent insert of the same key, to be
 * answered as a conflict rather than a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
