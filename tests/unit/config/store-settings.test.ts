/**
 * The settings table as the registry's SettingsBackend (src/config/store) — proves:
 *  - it is a SettingsBackend (type-checked) and drives the registry's Settings-style
 *    contract: get → undefined when never set; setMany/deleteMany round-trip strings
 *    (unicode, empty), integers, negatives and booleans exactly, and survive a reopen;
 *  - setMany is ONE transaction: when the database fails on the third of five rows
 *    (a trigger aborts it) the first two are rolled back too; an invalid entry
 *    anywhere in the batch (bad key, NaN, object, oversized text) writes nothing;
 *  - a row that is not JSON (hand-edited file) reads as CFG_DB_CORRUPT naming the key;
 *  - kept texts (Escene parts kept for export): a 1 MiB text round-trips exactly across
 *    a reopen, set replaces, delete removes, names are checked, factory reset clears them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type SettingValue, type SettingsBackend, openPhoneDatabase, PHONE_DB_FILE } from '../../../src/config/index.js';

interface RawDb {
  exec(sql: string): void;
  close(): void;
}
const RawDatabase = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => RawDb;

const root = mkdtempSync(join(tmpdir(), 'sayhi-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `d${++n}`);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('settings table (SettingsBackend)', () => {
  it('stores and returns values exactly, and keeps them across a reopen', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    const backend: SettingsBackend = db.settings;
    const values: Array<[string, SettingValue]> = [
      ['account.1.displayName', 'Zoë 李 ☎'],
      ['account.1.password', ''],
      ['sip.registerExpire', 3600],
      ['audio.gain', -12],
      ['call.dnd', false],
      ['call.autoAnswer', true],
    ];
    expect(backend.get('account.1.displayName')).toBeUndefined();
    backend.setMany(values);
    for (const [k, v] of values) expect(backend.get(k)).toStrictEqual(v);
    backend.setMany([['call.dnd', true]]);
    backend.deleteMany(['audio.gain', 'never.set']);
    db.close();

    const again = openPhoneDatabase(dir);
    expect(again.settings.get('call.dnd')).toBe(true);
    expect(again.settings.get('audio.gain')).toBeUndefined();
    expect(again.settings.entries().map(([k]) => k)).toEqual([
      'account.1.displayName',
      'account.1.password',
      'call.autoAnswer',
      'call.dnd',
      'sip.registerExpire',
    ]);
    again.settings.clear();
    expect(again.settings.entries()).toEqual([]);
    again.close();
  });

  it('setMany is one transaction: a failure on the third row rolls back the first two', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    db.settings.setMany([['k1', 'old']]);
    const raw = new RawDatabase(join(dir, PHONE_DB_FILE));
    raw.exec(`CREATE TRIGGER fail_k3 BEFORE INSERT ON settings WHEN NEW.key = 'k3'
              BEGIN SELECT RAISE(ABORT, 'simulated failure on k3'); END`);
    raw.close();
    expect(() =>
      db.settings.setMany([
        ['k1', 'new'],
        ['k2', 2],
        ['k3', 3],
        ['k4', 4],
        ['k5', 5],
      ]),
    ).toThrow(/simulated failure on k3/);
    expect(db.settings.get('k1')).toBe('old');
    expect(db.settings.get('k2')).toBeUndefined();
    expect(db.settings.entries()).toEqual([['k1', 'old']]);
    db.close();
  });

  it('refuses an invalid entry anywhere in the batch and writes nothing', () => {
    const db = openPhoneDatabase(freshDir());
    const bad: Array<[string, unknown]> = [
      ['bad key with spaces', 1],
      ['', 1],
      ['x'.repeat(129), 1],
      ['nan', Number.NaN],
      ['inf', Number.POSITIVE_INFINITY],
      ['obj', { a: 1 }],
      ['nul', null],
      ['big', 'x'.repeat(8193)],
    ];
    for (const entry of bad) {
      const batch = [['good.before', 1], entry, ['good.after', 2]] as Array<[string, SettingValue]>;
      expect(codeOf(() => db.settings.setMany(batch)), JSON.stringify(entry[0])).toBe('CFG_INVALID');
    }
    expect(db.settings.entries()).toEqual([]);
    db.close();
  });

  it('reports a hand-damaged row as CFG_DB_CORRUPT naming the key', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    const raw = new RawDatabase(join(dir, PHONE_DB_FILE));
    raw.exec(`INSERT INTO settings VALUES ('weird', '[1,2]')`);
    raw.close();
    expect(codeOf(() => db.settings.get('weird'))).toBe('CFG_DB_CORRUPT');
    expect(() => db.settings.entries()).toThrow(/weird/);
    db.close();
  });
});

describe('kept texts', () => {
  it('round-trips large texts, replaces, deletes, and is cleared by a factory reset', () => {
    const dir = freshDir();
    const db = openPhoneDatabase(dir);
    const big = `<all>${'<x a="é"/>'.repeat(100_000)}</all>`;
    db.keptTexts.set('escene.config.unknown', big);
    db.keptTexts.set('escene.phonebook.unknown', 'first');
    db.keptTexts.set('escene.phonebook.unknown', 'second');
    db.close();
    const again = openPhoneDatabase(dir);
    expect(again.keptTexts.get('escene.config.unknown')).toBe(big);
    expect(again.keptTexts.get('escene.phonebook.unknown')).toBe('second');
    expect(again.keptTexts.names()).toEqual(['escene.config.unknown', 'escene.phonebook.unknown']);
    again.keptTexts.delete('escene.phonebook.unknown');
    expect(again.keptTexts.get('escene.phonebook.unknown')).toBeUndefined();
    expect(codeOf(() => again.keptTexts.set('', 'x'))).toBe('CFG_INVALID');
    expect(codeOf(() => again.keptTexts.set('n', 'x'.repeat(4 * 1024 * 1024 + 1)))).toBe('CFG_INVALID');
    again.factoryReset();
    expect(again.keptTexts.names()).toEqual([]);
    again.close();
  });
});
