import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BanlistTable } from './banlist-table.js';
import { CallHistoryTable } from './call-history-table.js';
import { ContactTable } from './contact-table.js';
import { EnterprisePhonebook } from './enterprise-phonebook.js';
import { GroupTable } from './group-table.js';
import { KeptTextTable } from './kept-text-table.js';
import { MIGRATIONS, type Migration } from './schema-migrations.js';
import { migrateSchema, readSchemaState, checkSchemaState } from './schema-version.js';
import { SettingsTable } from './settings-table.js';
import { type SqliteDatabase, openSqlite } from './sqlite-driver.js';
import { StoreContext } from './store-context.js';
import { storeError, translateSqliteError } from './store-errors.js';
import { TextMessageTable } from './text-message-table.js';

/**
 * One SQLite file per phone: `<data>/phone.db` (DESIGN.md §3 "Storage").
 *
 * Durability: WAL journal with synchronous=FULL, so a write that returned has
 * been appended to the WAL and fsynced. It survives the process being killed at
 * any instant (proven by tests/integration/config/crash-safety.test.ts, which
 * SIGKILLs a writer 1000 times) and, as far as the disk honours fsync, a power
 * cut (not tested: out of scope for a software phone). NORMAL would also survive
 * SIGKILL (the OS keeps written WAL pages) but may lose the last commits on power
 * loss; a phone writes rarely, and FULL costs about 0.5 ms per commit here.
 *
 * Readers never block the writer and see a consistent snapshot (WAL); a second
 * writer waits up to the busy timeout, then gets CFG_DB_BUSY.
 */
export const PHONE_DB_FILE = 'phone.db';

export type SynchronousMode = 'FULL' | 'NORMAL';

export interface PhoneDatabaseOptions {
  /** Default FULL (see above). */
  synchronous?: SynchronousMode;
  /** How long to wait for another connection's lock, ms (default 5000). */
  busyTimeoutMs?: number;
  /** Run PRAGMA quick_check when opening (default true; the file is small, it costs milliseconds). */
  quickCheck?: boolean;
  /** The schema to migrate to. Only tests of the migration runner pass their own. */
  migrations?: readonly Migration[];
}

export function phoneDatabaseFile(dataDir: string): string {
  return join(dataDir, PHONE_DB_FILE);
}

export class PhoneDatabase {
  readonly file: string;
  /** The registry's SettingsBackend. */
  readonly settings: SettingsTable;
  /** Personal phonebook groups. */
  readonly groups: GroupTable;
  /** Personal phonebook, 300 contacts. */
  readonly contacts: ContactTable;
  /** Downloaded enterprise phonebook, 800 entries, replaced as a whole. */
  readonly enterprise: EnterprisePhonebook;
  readonly banlist: BanlistTable;
  readonly callHistory: CallHistoryTable;
  /** Texts kept for a lossless Escene export (unknown containers and attributes). */
  readonly keptTexts: KeptTextTable;
  /** SIP MESSAGE (RFC 3428) inbox and outbox, 100 of each; the oldest of a full box is dropped. */
  readonly textMessages: TextMessageTable;

  private constructor(private readonly ctx: StoreContext) {
    this.file = ctx.file;
    this.settings = new SettingsTable(ctx);
    this.groups = new GroupTable(ctx, 'phone_groups', 'personal groups');
    this.contacts = new ContactTable(ctx, this.groups, {
      table: 'contacts',
      label: 'personal phonebook',
      max: 300,
      fullCode: 'CFG_PHONEBOOK_FULL',
      fullText: 'phonebook full (300)',
      uniqueSpeedDial: true,
    });
    this.enterprise = new EnterprisePhonebook(ctx);
    this.banlist = new BanlistTable(ctx);
    this.callHistory = new CallHistoryTable(ctx);
    this.keptTexts = new KeptTextTable(ctx);
    this.textMessages = new TextMessageTable(ctx);
  }

  /** Open `file` (created when missing), check it, migrate it. */
  static open(file: string, options: PhoneDatabaseOptions = {}): PhoneDatabase {
    const memory = file === ':memory:';
    try {
      if (!memory && !existsSync(file)) closeSync(openSync(file, 'a', 0o600)); // SIP passwords live here
    } catch (err) {
      throw storeError('CFG_DB_IO', `${file}: cannot create the database file (${(err as Error).message})`, err);
    }
    let db: SqliteDatabase;
    try {
      db = openSqlite(file, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (err) {
      throw translateSqliteError(err, file, 'open');
    }
    try {
      configure(db, file, memory, options);
      migrateSchema(db, file, options.migrations ?? MIGRATIONS);
      return new PhoneDatabase(new StoreContext(db, file));
    } catch (err) {
      db.close();
      throw translateSqliteError(err, file, 'open');
    }
  }

  get isOpen(): boolean {
    return this.ctx.db.open;
  }

  /** PRAGMA user_version: the last migration applied. */
  get schemaVersion(): number {
    return this.ctx.read('schema version', () => readSchemaState(this.ctx.db).version);
  }

  /** PRAGMA integrity_check: ['ok'] for a sound file, else SQLite's list of problems. */
  integrityCheck(): string[] {
    return this.ctx.read('integrity check', () => this.ctx.prepare<string>('PRAGMA integrity_check').pluck().all());
  }

  /** Run several writes (any tables) as one transaction: an import applies whole or not at all. */
  transaction<T>(fn: () => T): T {
    return this.ctx.write('transaction', fn);
  }

  /**
   * Empty every table (settings back to defaults, phonebooks, banlist, history, messages)
   * in one transaction, then VACUUM and truncate the WAL so the removed personal
   * data does not linger in free pages. The schema stays.
   */
  factoryReset(): void {
    const db = this.ctx.db;
    this.ctx.write('factory reset', () => {
      const tables = db
        .prepare<string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all();
      // Contacts first, then their groups (the ON DELETE SET NULL would otherwise rewrite them).
      tables.sort((a, b) => Number(a.endsWith('groups')) - Number(b.endsWith('groups')));
      for (const table of tables) db.exec(`DELETE FROM "${table}"`);
      if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").get()) db.exec('DELETE FROM sqlite_sequence');
    });
    if (db.memory) return;
    this.ctx.read('factory reset vacuum', () => {
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  /** Close the connection (idempotent). Committed writes are already on disk. */
  close(): void {
    if (this.ctx.db.open) this.ctx.db.close();
  }
}

function configure(db: SqliteDatabase, file: string, memory: boolean, options: PhoneDatabaseOptions): void {
  // Read-only checks first: a newer or foreign file must not even get its journal mode changed.
  checkSchemaState(readSchemaState(db), file, (options.migrations ?? MIGRATIONS).length);
  if (!memory) {
    const mode = String(db.pragma('journal_mode = WAL', { simple: true }));
    if (mode !== 'wal') throw storeError('CFG_DB_IO', `${file}: cannot switch to WAL journal mode (got ${mode})`);
  }
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  if (options.quickCheck ?? true) {
    const problems = db.prepare<string>('PRAGMA quick_check').pluck().all();
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw storeError(
        'CFG_DB_CORRUPT',
        `${file} is damaged (${problems.slice(0, 3).join('; ')}); restore a backup, or delete it with a factory reset`,
      );
    }
  }
}

/** Open (or create) `<dataDir>/phone.db`. Throws a SayhiError with a CFG_DB_* code when it cannot. */
export function openPhoneDatabase(dataDir: string, options?: PhoneDatabaseOptions): PhoneDatabase {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw storeError('CFG_DB_IO', `data directory ${dataDir}: ${(err as Error).message}`, err);
  }
  return PhoneDatabase.open(phoneDatabaseFile(dataDir), options);
}

/** A database in memory: a phone started without a data directory, and tests. */
export function openMemoryPhoneDatabase(options?: PhoneDatabaseOptions): PhoneDatabase {
  return PhoneDatabase.open(':memory:', options);
}

/**
 * Delete phone.db and its WAL/shared-memory files (`sayhi factory-reset` with the
 * phone stopped). Close every connection first. Returns whether a database existed.
 */
export function deletePhoneDatabase(dataDir: string): boolean {
  const file = phoneDatabaseFile(dataDir);
  const existed = existsSync(file);
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  return existed;
}
