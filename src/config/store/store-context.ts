import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { translateSqliteError } from './store-errors.js';

/**
 * What every table class gets: the open connection, the file name for messages,
 * and two guards. `write` runs its function in one IMMEDIATE transaction (the
 * write lock is taken at BEGIN, so two processes never deadlock upgrading a read
 * lock) and rolls everything back if it throws; nested calls become savepoints.
 * Both guards turn driver errors into the catalogue's codes.
 */
export class StoreContext {
  constructor(
    readonly db: SqliteDatabase,
    readonly file: string,
  ) {}

  /** Prepare once, reuse for the life of the connection. */
  prepare<R = unknown>(sql: string): SqliteStatement<R> {
    return this.db.prepare<R>(sql);
  }

  read<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw translateSqliteError(err, this.file, what);
    }
  }

  write<T>(what: string, fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw translateSqliteError(err, this.file, what);
    }
  }
}
