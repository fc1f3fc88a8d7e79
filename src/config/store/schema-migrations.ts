import type { SqliteDatabase } from './sqlite-driver.js';

/**
 * The schema, as an ordered list of migrations. `PRAGMA user_version` holds the
 * number of the last one applied; each runs in its own transaction together with
 * the user_version bump, so a crash leaves the file at the old or the new version,
 * never between (see schema-version.ts).
 *
 * Rules for adding one: append, never edit a shipped migration (phones in the
 * field have run it); a migration that rebuilds a table must follow SQLite's
 * "12-step" ALTER TABLE procedure (https://sqlite.org/lang_altertable.html §7),
 * because foreign_keys cannot be switched off inside a transaction.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: SqliteDatabase): void;
}

/** The contact columns shared by the personal and the enterprise phonebook (escene-formats.md §5 `book`). */
function contactTable(table: string, groups: string): string {
  return `
    CREATE TABLE ${table} (
      id           INTEGER PRIMARY KEY,          -- the manual's serial number, Escene Bookid
      first_name   TEXT NOT NULL DEFAULT '',
      last_name    TEXT NOT NULL DEFAULT '',
      display_name TEXT NOT NULL DEFAULT '',     -- Escene Username
      mobile       TEXT NOT NULL DEFAULT '',     -- number 1
      office       TEXT NOT NULL DEFAULT '',     -- number 2
      other        TEXT NOT NULL DEFAULT '',     -- number 3
      group_id     INTEGER REFERENCES ${groups}(id) ON DELETE SET NULL,
      group_two_id INTEGER REFERENCES ${groups}(id) ON DELETE SET NULL,
      account      INTEGER,                      -- line index, NULL = auto
      speed_dial   INTEGER NOT NULL DEFAULT 0,   -- Escene speedid, 0 = none
      use_blf      INTEGER NOT NULL DEFAULT 0 CHECK (use_blf IN (0, 1))
    );
    CREATE INDEX ${table}_group ON ${table}(group_id);
    CREATE INDEX ${table}_group_two ON ${table}(group_two_id);`;
}

function groupTable(table: string): string {
  return `
    CREATE TABLE ${table} (
      id          INTEGER PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE,          -- Escene books join groups by this name
      description TEXT NOT NULL DEFAULT '',
      ring_type   TEXT NOT NULL DEFAULT ''
    );`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'settings, groups, personal and enterprise phonebooks, banlist, call history',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY NOT NULL,
          value TEXT NOT NULL CHECK (json_valid(value))
        ) WITHOUT ROWID;
        ${groupTable('phone_groups')}
        ${contactTable('contacts', 'phone_groups')}
        CREATE UNIQUE INDEX contacts_speed_dial ON contacts(speed_dial) WHERE speed_dial > 0;
        ${groupTable('enterprise_groups')}
        ${contactTable('enterprise_contacts', 'enterprise_groups')}
        CREATE TABLE banlist (
          id          INTEGER PRIMARY KEY,
          description TEXT NOT NULL DEFAULT '',
          first_name  TEXT NOT NULL DEFAULT '',
          last_name   TEXT NOT NULL DEFAULT '',
          mobile      TEXT NOT NULL DEFAULT '',
          home        TEXT NOT NULL DEFAULT '',
          office      TEXT NOT NULL DEFAULT '',
          account     INTEGER
        );
        CREATE TABLE call_history (
          id          INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: "viewed up to" marks rely on it
          type        TEXT NOT NULL CHECK (type IN ('missed', 'received', 'dialed')),
          time        INTEGER NOT NULL,
          duration    INTEGER NOT NULL DEFAULT 0,
          line        INTEGER NOT NULL DEFAULT 0,
          remote_uri  TEXT NOT NULL DEFAULT '',
          remote_name TEXT NOT NULL DEFAULT '',
          number      TEXT NOT NULL DEFAULT '',
          end_reason  TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX call_history_type ON call_history(type, id);
      `);
    },
  },
  {
    version: 2,
    description: 'call history "viewed up to" marks (missed-call counter on the LCD); kept texts',
    up(db) {
      db.exec(`
        -- Text the phone keeps but does not interpret: the Escene containers and
        -- attributes it does not apply, written back on export (lossless round trip).
        CREATE TABLE kept_texts (
          name TEXT PRIMARY KEY NOT NULL,
          body TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE call_history_views (
          type         TEXT PRIMARY KEY CHECK (type IN ('missed', 'received', 'dialed')),
          viewed_up_to INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Calls logged before the upgrade count as seen: an upgraded phone must not
        -- greet its user with up to 200 "new" missed calls.
        INSERT INTO call_history_views (type, viewed_up_to)
          SELECT type, MAX(id) FROM call_history GROUP BY type;
      `);
    },
  },
  {
    version: 3,
    description: 'text messages (SMS)',
    up(db) {
      db.exec(`
        -- SIP MESSAGE (RFC 3428) inbox and outbox, 100 of each (text-message-table.ts).
        CREATE TABLE text_messages (
          id          INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a larger id is a later message
          direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
          time        INTEGER NOT NULL,
          line        INTEGER NOT NULL DEFAULT 0,
          remote_uri  TEXT NOT NULL DEFAULT '',
          remote_name TEXT NOT NULL DEFAULT '',
          number      TEXT NOT NULL DEFAULT '',
          body        TEXT NOT NULL DEFAULT '',
          status      TEXT NOT NULL DEFAULT '',       -- outgoing: sending, sent, failed: <reason>
          read        INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
        );
        CREATE INDEX text_messages_direction ON text_messages(direction, id);
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
