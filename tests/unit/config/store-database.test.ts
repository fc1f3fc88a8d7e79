/**
 * PhoneDatabase file handling (src/config/store) — proves:
 *  - `<data>/phone.db` is created owner-only (0600: SIP passwords live in it), in WAL
 *    mode with synchronous=FULL, foreign keys on, a busy timeout, and marked as ours
 *    (application_id 'SYHI') at the latest schema version;
 *  - a version-1 file (schema frozen here as shipped) is migrated to the latest
 *    version with its rows kept, and v2's data step runs (old missed calls count as seen);
 *  - a migration that fails is rolled back: the file keeps its old version and no
 *    half-made table;
 *  - a file from a newer Sayhi (user_version above ours) is refused with CFG_DB_NEWER
 *    and left byte-identical; another program's SQLite file with CFG_DB_FOREIGN;
 *  - random bytes, and a real database with a damaged page, are refused with
 *    CFG_DB_CORRUPT and a message naming the file;
 *  - concurrent connections (WAL): a reader is not blocked by an open write
 *    transaction and sees the last committed snapshot; a second writer waits for the
 *    busy timeout, then gets CFG_DB_BUSY, and nothing of its write lands;
 *  - factoryReset empties every table and keeps the schema; deletePhoneDatabase removes
 *    the file with its -wal/-shm; a closed database answers CFG_DB_CLOSED; an unusable
 *    data directory CFG_DB_IO.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  MIGRATIONS,
  type Migration,
  PHONE_DB_FILE,
  SCHEMA_VERSION,
  deletePhoneDatabase,
  openMemoryPhoneDatabase,
  openPhoneDatabase,
} from '../../../src/config/index.js';

interface RawDb {
  exec(sql: string): void;
  pragma(sql: string, o?: { simple: boolean }): unknown;
  prepare(sql: string): { run(...a: unknown[]): unknown; get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
  close(): void;
}
const RawDatabase = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => RawDb;

const root = mkdtempSync(join(tmpdir(), 'sayhi-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `d${++n}`);
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

function errorOf(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error');
}

/** The version-1 schema exactly as it shipped; a v1 phone's file looks like this. */
const V1_SCHEMA = `
  CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL CHECK (json_valid(value))) WITHOUT ROWID;
  CREATE TABLE phone_groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '', ring_type TEXT NOT NULL DEFAULT '');
  CREATE TABLE contacts (id INTEGER PRIMARY KEY, first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '', mobile TEXT NOT NULL DEFAULT '', office TEXT NOT NULL DEFAULT '', other TEXT NOT NULL DEFAULT '',
    group_id INTEGER REFERENCES phone_groups(id) ON DELETE SET NULL, group_two_id INTEGER REFERENCES phone_groups(id) ON DELETE SET NULL,
    account INTEGER, speed_dial INTEGER NOT NULL DEFAULT 0, use_blf INTEGER NOT NULL DEFAULT 0 CHECK (use_blf IN (0, 1)));
  CREATE INDEX contacts_group ON contacts(group_id);
  CREATE INDEX contacts_group_two ON contacts(group_two_id);
  CREATE UNIQUE INDEX contacts_speed_dial ON contacts(speed_dial) WHERE speed_dial > 0;
  CREATE TABLE enterprise_groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '', ring_type TEXT NOT NULL DEFAULT '');
  CREATE TABLE enterprise_contacts (id INTEGER PRIMARY KEY, first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '', mobile TEXT NOT NULL DEFAULT '', office TEXT NOT NULL DEFAULT '', other TEXT NOT NULL DEFAULT '',
    group_id INTEGER REFERENCES enterprise_groups(id) ON DELETE SET NULL, group_two_id INTEGER REFERENCES enterprise_groups(id) ON DELETE SET NULL,
    account INTEGER, speed_dial INTEGER NOT NULL DEFAULT 0, use_blf INTEGER NOT NULL DEFAULT 0 CHECK (use_blf IN (0, 1)));
  CREATE INDEX enterprise_contacts_group ON enterprise_contacts(group_id);
  CREATE INDEX enterprise_contacts_group_two ON enterprise_contacts(group_two_id);
  CREATE TABLE banlist (id INTEGER PRIMARY KEY, description TEXT NOT NULL DEFAULT '', first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '', mobile TEXT NOT NULL DEFAULT '', home TEXT NOT NULL DEFAULT '', office TEXT NOT NULL DEFAULT '', account INTEGER);
  CREATE TABLE call_history (id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL CHECK (type IN ('missed', 'received', 'dialed')),
    time INTEGER NOT NULL, duration INTEGER NOT NULL DEFAULT 0, line INTEGER NOT NULL DEFAULT 0, remote_uri TEXT NOT NULL DEFAULT '',
    remote_name TEXT NOT NULL DEFAULT '', number TEXT NOT NULL DEFAULT '', end_reason TEXT NOT NULL DEFAULT '');
  CREATE INDEX call_history_type ON call_history(type, id);
`;

describe('PhoneDatabase: file, pragmas, schema', () => {
  it('creates <data>/phone.db owner-only, WAL + synchronous FULL + foreign keys, at the latest version', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    expect(db.file).toBe(join(dir, PHONE_DB_FILE));
    expect(statSync(db.file).mode & 0o777).toBe(0o600);
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    expect(db.integrityCheck()).toEqual(['ok']);
    db.settings.setMany([['net.mode', 'dhcp']]);
    db.close();
    const raw = new RawDatabase(join(dir, PHONE_DB_FILE));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal'); // persistent in the file header
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
    // Connection settings, checked through a second open.
    const again = openPhoneDatabase(dir);
    expect(again.settings.get('net.mode')).toBe('dhcp');
    again.close();
  });

  it('migrates a version-1 file, keeping its rows', () => {
    const dir = freshDir();
    mkdirSync(dir);
    const raw = new RawDatabase(join(dir, PHONE_DB_FILE));
    raw.pragma('journal_mode = WAL');
    raw.exec(V1_SCHEMA);
    raw.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = 1;`);
    raw.exec(`INSERT INTO settings VALUES ('account.1.server', '"pbx.example"');
      INSERT INTO phone_groups (id, name) VALUES (3, 'Sales');
      INSERT INTO contacts (id, first_name, office, group_id) VALUES (7, 'Ann', '2001', 3);
      INSERT INTO call_history (type, time, number) VALUES ('missed', 1000, '100'), ('missed', 2000, '101');`);
    raw.close();

    const db = openPhoneDatabase(dir);
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    expect(db.settings.get('account.1.server')).toBe('pbx.example');
    expect(db.contacts.get(7)).toMatchObject({ firstName: 'Ann', office: '2001', groupId: 3 });
    expect(db.groups.get(3)?.name).toBe('Sales');
    expect(db.callHistory.count('missed')).toBe(2);
    expect(db.callHistory.unviewedCount('missed')).toBe(0); // logged before the upgrade: seen
    db.callHistory.add({ type: 'missed', time: 3000, number: '102' });
    expect(db.callHistory.unviewedCount('missed')).toBe(1);
    expect(db.integrityCheck()).toEqual(['ok']);
    db.close();
  });

  it('rolls back a failing migration: old version, no half-made table', () => {
    const dir = freshDir();
    openPhoneDatabase(dir).close();
    const broken: Migration = {
      version: SCHEMA_VERSION + 1,
      description: 'test step that fails half-way',
      up(db) {
        db.exec('CREATE TABLE half_made (x)');
        throw new Error('disk says no');
      },
    };
    const err = errorOf(() => openPhoneDatabase(dir, { migrations: [...MIGRATIONS, broken] }));
    expect(err.code).toBe('CFG_DB_MIGRATION');
    expect(err.message).toContain(`stays at version ${SCHEMA_VERSION}`);
    const raw = new RawDatabase(join(dir, PHONE_DB_FILE));
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_made'").get()).toBeUndefined();
    raw.close();
    expect(openPhoneDatabase(dir).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses a file from a newer Sayhi and leaves it byte-identical', () => {
    const dir = freshDir();
    openPhoneDatabase(dir).close();
    const file = join(dir, PHONE_DB_FILE);
    const raw = new RawDatabase(file);
    raw.pragma('journal_mode = DELETE'); // a future version might not use WAL: we must not switch it
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha(file);
    const err = errorOf(() => openPhoneDatabase(dir));
    expect(err.code).toBe('CFG_DB_NEWER');
    expect(err.message).toContain(`schema version ${SCHEMA_VERSION + 5}`);
    expect(err.message).toContain('not modified');
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses another program's SQLite file", () => {
    const dir = freshDir();
    mkdirSync(dir);
    const raw = new RawDatabase(join(dir, PHONE_DB_FILE));
    raw.exec('CREATE TABLE songs (title TEXT)');
    raw.close();
    expect(codeOf(() => openPhoneDatabase(dir))).toBe('CFG_DB_FOREIGN');
  });

  it('refuses random bytes with CFG_DB_CORRUPT naming the file, and does not touch them', () => {
    const dir = freshDir();
    mkdirSync(dir);
    const file = join(dir, PHONE_DB_FILE);
    writeFileSync(file, randomBytes(16384));
    const before = sha(file);
    const err = errorOf(() => openPhoneDatabase(dir));
    expect(err.code).toBe('CFG_DB_CORRUPT');
    expect(err.message).toContain(file);
    expect(sha(file)).toBe(before);
  });

  it('refuses a real database with a damaged page', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    db.contacts.addMany(Array.from({ length: 250 }, (_, i) => ({ firstName: `Name ${i}`, mobile: `1${i}` })));
    db.close();
    const file = join(dir, PHONE_DB_FILE);
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over every page after the schema page: b-tree headers become nonsense.
    for (let page = 1; page * pageSize < bytes.length; page++) bytes.fill(0xa5, page * pageSize, page * pageSize + 64);
    writeFileSync(file, bytes);
    expect(codeOf(() => openPhoneDatabase(dir))).toBe('CFG_DB_CORRUPT');
  });
});

describe('PhoneDatabase: concurrent connections (WAL)', () => {
  it('a reader is not blocked by an open write transaction and sees the committed snapshot', () => {
    const dir = freshDir();
    const writer = openPhoneDatabase(dir);
    const reader = openPhoneDatabase(dir);
    writer.settings.setMany([['a', 1]]);
    writer.transaction(() => {
      writer.settings.setMany([['a', 2]]);
      writer.contacts.add({ firstName: 'Uncommitted', mobile: '1' });
      expect(reader.settings.get('a')).toBe(1); // not blocked, old snapshot
      expect(reader.contacts.count()).toBe(0);
    });
    expect(reader.settings.get('a')).toBe(2);
    expect(reader.contacts.count()).toBe(1);
    writer.close();
    reader.close();
  });

  it('a second writer waits for the busy timeout, then gets CFG_DB_BUSY, and nothing of its write lands', () => {
    const dir = freshDir();
    const first = openPhoneDatabase(dir);
    const second = openPhoneDatabase(dir, { busyTimeoutMs: 30 });
    first.transaction(() => {
      first.settings.setMany([['k', 'first']]);
      expect(codeOf(() => second.settings.setMany([['k', 'second'], ['other', 1]]))).toBe('CFG_DB_BUSY');
    });
    expect(second.settings.get('k')).toBe('first');
    expect(second.settings.get('other')).toBeUndefined();
    first.close();
    second.close();
  });
});

describe('PhoneDatabase: factory reset, delete, close', () => {
  it('factoryReset empties every table and keeps the schema', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    db.settings.setMany([['x', true]]);
    const g = db.groups.add({ name: 'Family' });
    db.contacts.add({ firstName: 'Mum', mobile: '555', groupId: g.id });
    db.enterprise.replaceAll({ groups: [], contacts: [{ firstName: 'Desk', office: '200' }] });
    db.banlist.add({ mobile: '666' });
    db.callHistory.add({ type: 'dialed', time: 1, number: '555' });
    db.factoryReset();
    expect(db.settings.entries()).toEqual([]);
    expect([db.groups.count(), db.contacts.count(), db.enterprise.count(), db.banlist.count(), db.callHistory.count('dialed')]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    expect(db.integrityCheck()).toEqual(['ok']);
    db.contacts.add({ firstName: 'After', mobile: '1' });
    db.close();
    expect(readFileSync(join(dir, PHONE_DB_FILE)).includes('Mum')).toBe(false); // vacuumed away
  });

  it('deletePhoneDatabase removes the file and its WAL/shm; a closed database says so', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    db.settings.setMany([['x', 1]]);
    db.close();
    expect(codeOf(() => db.settings.get('x'))).toBe('CFG_DB_CLOSED');
    expect(deletePhoneDatabase(dir)).toBe(true);
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(join(dir, PHONE_DB_FILE + suffix))).toBe(false);
    expect(deletePhoneDatabase(dir)).toBe(false);
    expect(openPhoneDatabase(dir).settings.get('x')).toBeUndefined();
  });

  it('reports a data directory it cannot use with CFG_DB_IO', () => {
    const notADir = join(root, 'plain-file');
    writeFileSync(notADir, 'x');
    const err = errorOf(() => openPhoneDatabase(notADir));
    expect(err.code).toBe('CFG_DB_IO');
    expect(err.message).toContain(notADir);
  });

  it('works in memory for phones without a data directory', () => {
    const db = openMemoryPhoneDatabase();
    db.settings.setMany([['a', 'b']]);
    expect(db.settings.get('a')).toBe('b');
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    db.factoryReset();
    expect(db.settings.get('a')).toBeUndefined();
    db.close();
  });
});
