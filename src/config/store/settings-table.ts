import type { SettingValue } from '../registry/setting-def.js';
import type { SettingsBackend } from '../registry/settings-backend.js';
import { storeError } from './store-errors.js';
import type { StoreContext } from './store-context.js';

/**
 * The `settings` table: registry key -> JSON value. Implements the registry's
 * SettingsBackend: `setMany` and `deleteMany` are one transaction each, and return
 * after the commit (with synchronous=FULL: after the WAL is fsynced).
 * The registry validates values against their declarations before calling in;
 * this table checks only what it needs to store them faithfully.
 */
export const SETTING_KEY_MAX = 128;
/** Largest stored value (characters). Far above any manual field; stops a runaway import. */
export const SETTING_VALUE_MAX = 8192;

const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > SETTING_KEY_MAX || !KEY_PATTERN.test(key)) {
    throw storeError('CFG_INVALID', `settings: key ${JSON.stringify(key)} must be 1..${SETTING_KEY_MAX} characters of A-Z a-z 0-9 _ . -`);
  }
  return key;
}

function encodeValue(key: string, value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw storeError('CFG_INVALID', `settings: ${key} = ${value} is not a finite number`);
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw storeError('CFG_INVALID', `settings: ${key} must be text, a number or true/false, got ${value === null ? 'null' : typeof value}`);
  }
  if (typeof value === 'string' && value.length > SETTING_VALUE_MAX) {
    throw storeError('CFG_INVALID', `settings: ${key} is ${value.length} characters, at most ${SETTING_VALUE_MAX} allowed`);
  }
  return JSON.stringify(value);
}

function decodeValue(file: string, key: string, text: string): SettingValue {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw storeError('CFG_DB_CORRUPT', `${file}: settings row ${key} holds ${JSON.stringify(text)}, not a setting value`);
}

export class SettingsTable implements SettingsBackend {
  private readonly selectOne;
  private readonly selectAll;
  private readonly upsert;
  private readonly deleteOne;
  private readonly deleteAll;

  constructor(private readonly ctx: StoreContext) {
    this.selectOne = ctx.prepare<string>('SELECT value FROM settings WHERE key = ?').pluck();
    this.selectAll = ctx.prepare<{ key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
    this.upsert = ctx.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.deleteOne = ctx.prepare('DELETE FROM settings WHERE key = ?');
    this.deleteAll = ctx.prepare('DELETE FROM settings');
  }

  get(key: string): SettingValue | undefined {
    const text = this.ctx.read(`settings get ${key}`, () => this.selectOne.get(key));
    return text === undefined ? undefined : decodeValue(this.ctx.file, key, text);
  }

  /** All entries, or none: every entry is checked before the transaction starts. */
  setMany(entries: Array<[key: string, value: SettingValue]>): void {
    const rows = entries.map(([key, value]) => [checkKey(key), encodeValue(key, value)] as const);
    if (rows.length === 0) return;
    this.ctx.write(`settings setMany (${rows.length} keys)`, () => {
      for (const [key, text] of rows) this.upsert.run(key, text);
    });
  }

  deleteMany(keys: string[]): void {
    if (keys.length === 0) return;
    this.ctx.write(`settings deleteMany (${keys.length} keys)`, () => {
      for (const key of keys) this.deleteOne.run(key);
    });
  }

  /** Every stored (non-default) entry, sorted by key. */
  entries(): Array<[string, SettingValue]> {
    const rows = this.ctx.read('settings entries', () => this.selectAll.all());
    return rows.map((r) => [r.key, decodeValue(this.ctx.file, r.key, r.value)]);
  }

  /** Remove every stored value: all settings back to their defaults. */
  clear(): void {
    this.ctx.write('settings clear', () => this.deleteAll.run());
  }
}
