import { SayhiError } from '../../base/index.js';

/**
 * The storage layer's error catalogue (STYLE.md §6 "one catalogue per layer with
 * stable codes"). Callers (web, LCD, telnet, provisioning) branch on `code`;
 * people read `message`, which names the file, table or field.
 */
export const STORE_ERROR_CODES = {
  CFG_PHONEBOOK_FULL: 'the personal phonebook holds 300 contacts (manual §7 Phone Book)',
  CFG_ENTERPRISE_FULL: 'the enterprise phonebook holds 800 entries (manual, feature list)',
  CFG_BANLIST_FULL: 'the banlist is full (project limit, the manual gives none)',
  CFG_GROUPS_FULL: 'the group list is full (project limit, the manual gives none)',
  CFG_DUPLICATE: 'an entry with the same id, name, number or speed dial already exists',
  CFG_NOT_FOUND: 'no entry with that id (or a referenced group does not exist)',
  CFG_INVALID: 'a field is too long, of the wrong type or has characters the phone cannot use',
  CFG_DB_NEWER: 'the database was written by a newer Sayhi (schema version too high); it was not modified',
  CFG_DB_CORRUPT: 'the database file is not a SQLite database or is damaged',
  CFG_DB_MIGRATION: 'a schema upgrade step failed; it was rolled back and the file keeps its old version',
  CFG_DB_FOREIGN: 'the file is a SQLite database, but not a Sayhi phone database',
  CFG_DB_BUSY: 'another connection held the database lock longer than the busy timeout',
  CFG_DB_DISK_FULL: 'the disk is full; the write was rolled back',
  CFG_DB_IO: 'the database file cannot be opened, read or written (permissions, I/O error)',
  CFG_DB_CLOSED: 'the database is closed',
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

export function storeError(code: StoreErrorCode, message: string, cause?: unknown): SayhiError {
  return new SayhiError(code, message, cause === undefined ? undefined : { cause });
}

/** better-sqlite3 throws SqliteError with a `code` such as SQLITE_BUSY or SQLITE_CORRUPT_VTAB. */
function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Map an exception from the driver to the catalogue. SayhiErrors pass through
 * unchanged; anything unknown becomes CFG_DB_IO with the original as `cause`.
 * `what` says what was being done ("contacts add"), `file` which database.
 */
export function translateSqliteError(err: unknown, file: string, what: string): SayhiError {
  if (err instanceof SayhiError) return err;
  const code = sqliteCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  const where = `${file}: ${what}`;
  if (code === undefined) {
    if (err instanceof TypeError && /not open/i.test(detail)) return storeError('CFG_DB_CLOSED', `${where}: the database is closed`, err);
    return storeError('CFG_DB_IO', `${where}: ${detail}`, err);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return storeError(
      'CFG_DB_CORRUPT',
      `${where}: the database is damaged or not a database (${detail}); restore a backup, or delete it with a factory reset`,
      err,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return storeError('CFG_DB_BUSY', `${where}: the database is locked by another connection (${detail})`, err);
  }
  if (code === 'SQLITE_FULL') return storeError('CFG_DB_DISK_FULL', `${where}: disk full, nothing was written`, err);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return storeError('CFG_DUPLICATE', `${where}: duplicate entry (${detail})`, err);
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return storeError('CFG_NOT_FOUND', `${where}: refers to an entry that does not exist (${detail})`, err);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return storeError('CFG_INVALID', `${where}: ${detail}`, err);
  return storeError('CFG_DB_IO', `${where}: ${detail} (${code})`, err);
}
