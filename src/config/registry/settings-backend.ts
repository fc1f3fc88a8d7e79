import type { SettingValue } from './setting-def.js';

/**
 * Where values live. The SQLite store (src/config/store) implements it; tests use
 * MemorySettingsBackend. The registry validates before it calls in, so a backend
 * stores what it is given and never needs to know the declarations.
 *
 * Contract:
 * - `get` returns the stored value, or undefined when the key was never set (or was reset):
 *   the default then applies. A value of the wrong type (a string from a TEXT column) is
 *   fine: Settings coerces and checks it again on read.
 * - `setMany` is all-or-nothing (one transaction): after a crash either every entry is
 *   there or none is. It returns only once the write is durable.
 * - `deleteMany` (same atomicity) removes stored values so the defaults show through.
 */
export interface SettingsBackend {
  get(key: string): SettingValue | undefined;
  setMany(entries: Array<[key: string, value: SettingValue]>): void;
  deleteMany(keys: string[]): void;
}

/** In-memory backend for tests and for a phone started without a data directory. */
export class MemorySettingsBackend implements SettingsBackend {
  private readonly values = new Map<string, SettingValue>();
  /** Number of setMany/deleteMany calls (tests prove atomic batches are one call). */
  writes = 0;

  get(key: string): SettingValue | undefined {
    return this.values.get(key);
  }

  setMany(entries: Array<[key: string, value: SettingValue]>): void {
    this.writes++;
    for (const [key, value] of entries) this.values.set(key, value);
  }

  deleteMany(keys: string[]): void {
    this.writes++;
    for (const key of keys) this.values.delete(key);
  }

  /** Stored (non-default) entries, for tests and diagnostics. */
  entries(): Array<[string, SettingValue]> {
    return [...this.values.entries()];
  }
}
