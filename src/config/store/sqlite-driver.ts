import { createRequire } from 'node:module';

/**
 * The few parts of better-sqlite3@12 the store uses, typed here. The package
 * ships no types and @types/better-sqlite3 is not installed, so the native module
 * is loaded through createRequire and cast to this interface: the only place in
 * src/ that touches it. Statements are synchronous; a call that returns has been
 * committed (or, inside a transaction, applied to it).
 */
export type SqliteParam = string | number | bigint | null | Buffer;

export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement<R = unknown> {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): R | undefined;
  all(...params: unknown[]): R[];
  /** Make get/all return the first column only. */
  pluck(toggle?: boolean): SqliteStatement<R>;
}

/** A function wrapped in BEGIN/COMMIT; a nested call becomes a SAVEPOINT. */
export type SqliteTransaction<F extends (...args: never[]) => unknown> = F & {
  deferred: F;
  immediate: F;
  exclusive: F;
};

export interface SqliteDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  readonly name: string;
  readonly memory: boolean;
  prepare<R = unknown>(sql: string): SqliteStatement<R>;
  exec(sql: string): SqliteDatabase;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<F extends (...args: never[]) => unknown>(fn: F): SqliteTransaction<F>;
  close(): SqliteDatabase;
}

export interface SqliteOpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Busy timeout in ms: how long a statement waits for another connection's lock. */
  timeout?: number;
}

type SqliteConstructor = new (filename: string, options?: SqliteOpenOptions) => SqliteDatabase;

const requireFromHere = createRequire(import.meta.url);
let constructorCache: SqliteConstructor | undefined;

/** Open (or create) a SQLite file, or ':memory:'. Throws better-sqlite3's SqliteError. */
export function openSqlite(file: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  constructorCache ??= requireFromHere('better-sqlite3') as SqliteConstructor;
  return new constructorCache(file, options);
}
