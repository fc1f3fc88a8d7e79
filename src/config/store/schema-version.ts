import type { Migration } from './schema-migrations.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { SayhiError } from '../../base/index.js';
import { storeError, translateSqliteError } from './store-errors.js';

/**
 * Schema version checks and the migration runner.
 *
 * The file is marked as ours with `PRAGMA application_id` ('SYHI') and carries
 * its schema version in `PRAGMA user_version` (https://sqlite.org/pragma.html).
 * Before anything is written the runner refuses a file from a newer Sayhi
 * (CFG_DB_NEWER) or another program (CFG_DB_FOREIGN), so such files are left
 * exactly as they were.
 */
export const APPLICATION_ID = 0x53594849; // 'SYHI'

export interface SchemaState {
  version: number;
  applicationId: number;
  /** Tables, indexes... in sqlite_schema: 0 for a new, empty file. */
  objects: number;
}

export function readSchemaState(db: SqliteDatabase): SchemaState {
  return {
    version: Number(db.pragma('user_version', { simple: true })),
    applicationId: Number(db.pragma('application_id', { simple: true })),
    objects: Number(db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()),
  };
}

/** Throws unless the file is new, or ours at a version this build knows. Reads only. */
export function checkSchemaState(state: SchemaState, file: string, latest: number): void {
  const isNew = state.applicationId === 0 && state.version === 0 && state.objects === 0;
  if (isNew) return;
  if (state.applicationId !== APPLICATION_ID) {
    throw storeError(
      'CFG_DB_FOREIGN',
      `${file} is a SQLite database of another program (application_id ${state.applicationId}), not a Sayhi phone database; it was not modified`,
    );
  }
  if (state.version > latest) {
    throw storeError(
      'CFG_DB_NEWER',
      `${file} has schema version ${state.version}, this Sayhi knows versions up to ${latest}: ` +
        'it was written by a newer Sayhi. Run that version, or restore a backup; the file was not modified',
    );
  }
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: entry ${i} has version ${m.version}, expected ${i + 1}`);
  });
}

/** Lock, disk and damage problems keep their own codes; anything else is a failed upgrade step. */
function migrationError(err: unknown, file: string, migration: Migration, stays: number): SayhiError {
  if (err instanceof SayhiError) return err;
  const translated = translateSqliteError(err, file, `schema upgrade to version ${migration.version}`);
  if (translated.code !== 'CFG_DB_IO' && translated.code !== 'CFG_INVALID' && translated.code !== 'CFG_DUPLICATE') return translated;
  const detail = err instanceof Error ? err.message : String(err);
  return storeError(
    'CFG_DB_MIGRATION',
    `${file}: schema upgrade to version ${migration.version} (${migration.description}) failed and was rolled back, ` +
      `the file stays at version ${stays}: ${detail}`,
    err,
  );
}

/**
 * Apply every migration above the file's version, each in one IMMEDIATE
 * transaction with its user_version bump. The version is re-read inside the
 * transaction, so two processes opening the same new file do not both migrate.
 */
export function migrateSchema(db: SqliteDatabase, file: string, migrations: readonly Migration[]): { from: number; to: number } {
  checkMigrationList(migrations);
  const latest = migrations.length;
  const before = readSchemaState(db);
  checkSchemaState(before, file, latest);
  for (const migration of migrations) {
    if (migration.version <= before.version) continue;
    try {
      db.transaction(() => {
        const now = readSchemaState(db);
        checkSchemaState(now, file, latest);
        if (now.version >= migration.version) return;
        migration.up(db);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (err) {
      throw migrationError(err, file, migration, migration.version - 1);
    }
  }
  const problems = db.prepare('PRAGMA foreign_key_check').all();
  if (problems.length > 0) {
    throw storeError('CFG_DB_CORRUPT', `${file}: ${problems.length} rows refer to missing entries after the schema upgrade`);
  }
  return { from: before.version, to: Math.max(before.version, latest) };
}
