import { isUniqueViolation } from './databaseErrors';

describe('isUniqueViolation', () => {
  it('recognizes the unique violations of PostgreSQL and SQLite', () => {
    // As pg and better-sqlite3 throw them through knex.
    const pg = Object.assign(new Error('duplicate key value'), {
      code: '23505',
    });
    const sqlite = Object.assign(new Error('UNIQUE constraint failed'), {
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    expect(isUniqueViolation(pg)).toBe(true);
    expect(isUniqueViolation(sqlite)).toBe(true);
  });

  it('leaves other database errors alone', () => {
    const notNull = Object.assign(new Error('null value'), { code: '23502' });
    const foreignKey = Object.assign(new Error('FOREIGN KEY'), {
      code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
    });
    expect(isUniqueViolation(notNull)).toBe(false);
    expect(isUniqueViolation(foreignKey)).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });
});
