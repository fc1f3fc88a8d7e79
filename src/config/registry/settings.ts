import { SayhiError, TypedEvents } from '../../base/index.js';
import type { SettingEffect, SettingRole, SettingValue } from './setting-def.js';
import type { SettingsBackend } from './settings-backend.js';
import type { SettingsFilter, SettingsRegistry } from './settings-registry.js';
import { RoleSettings } from './role-settings.js';

/** One effective change, as listeners see it. `effect` tells them whether to act now. */
export interface SettingChange {
  key: string;
  old: SettingValue;
  new: SettingValue;
  effect: SettingEffect;
}

export type SettingsEvents = {
  /** Once per successful set/setMany/reset that changed at least one effective value. */
  changed: [changes: SettingChange[]];
};

export interface SettingError {
  key: string;
  reason: string;
}

/** Atomic write outcome: all applied, or none (with every reason, each naming its key). */
export type SetResult =
  | { ok: true; changes: SettingChange[] }
  | { ok: false; reason: string; errors: SettingError[] };

export interface SetOptions {
  /** Refuse keys this role may not change ('user' may change only user keys). */
  role?: SettingRole;
}

export interface SnapshotOptions extends SettingsFilter {
  /** Replace non-empty passwords by PASSWORD_MASK (what surfaces show). */
  maskPasswords?: boolean;
}

/**
 * What surfaces show instead of a stored password. Writing it back through
 * set/setMany leaves the password unchanged, so a web form can round-trip it.
 */
export const PASSWORD_MASK = '********';

/**
 * The phone's settings: declarations (SettingsRegistry) + values (SettingsBackend).
 * Every surface reads and writes here; `events` tells the phone, LCD and web what
 * changed so a SIP account re-registers at once while a web port waits for reboot.
 */
export class Settings {
  readonly events = new TypedEvents<SettingsEvents>();

  constructor(
    readonly registry: SettingsRegistry,
    private readonly backend: SettingsBackend,
  ) {}

  /**
   * The effective value: the stored one, else the default. A stored value that no
   * longer fits its declaration (a range narrowed by an upgrade) reads as the default.
   */
  get(key: string): SettingValue {
    const def = this.registry.def(key);
    const stored = this.backend.get(key);
    if (stored === undefined) return def.default;
    const checked = this.registry.validate(key, stored);
    return checked.ok ? checked.value : def.default;
  }

  string(key: string): string {
    return String(this.get(key));
  }

  int(key: string): number {
    const v = this.get(key);
    if (typeof v !== 'number') throw new SayhiError('CFG_TYPE', `${key} is not an integer setting`);
    return v;
  }

  bool(key: string): boolean {
    const v = this.get(key);
    if (typeof v !== 'boolean') throw new SayhiError('CFG_TYPE', `${key} is not a boolean setting`);
    return v;
  }

  /** True when a value is stored (possibly equal to the default), false when the default shows through. */
  isStored(key: string): boolean {
    return this.backend.get(key) !== undefined;
  }

  set(key: string, value: unknown, options: SetOptions = {}): SetResult {
    return this.setMany([[key, value]], options);
  }

  /**
   * Validates every entry first; if any fails nothing is written and the result lists
   * every failure. Otherwise one backend write (one transaction), then one 'changed' event.
   */
  setMany(values: Record<string, unknown> | Array<[string, unknown]>, options: SetOptions = {}): SetResult {
    const entries = Array.isArray(values) ? values : Object.entries(values);
    const errors: SettingError[] = [];
    const accepted = new Map<string, SettingValue>();
    for (const [key, raw] of entries) {
      const def = this.registry.find(key);
      if (!def) {
        errors.push({ key, reason: `${key}: unknown setting` });
        continue;
      }
      if (options.role === 'user' && def.role !== 'user') {
        errors.push({ key, reason: `${key}: only the administrator may change this setting` });
        continue;
      }
      if (def.kind === 'password' && raw === PASSWORD_MASK) continue;
      const checked = this.registry.validate(key, raw);
      if (!checked.ok) errors.push({ key, reason: checked.reason });
      else accepted.set(key, checked.value);
    }
    if (errors.length === 0) {
      const after = (k: string): SettingValue => accepted.get(k) ?? this.get(k);
      for (const rule of this.registry.constraintsFor(accepted.keys())) {
        const reason = rule.check(after);
        if (reason !== undefined) errors.push({ key: rule.keys.find((k) => accepted.has(k)) ?? rule.keys[0]!, reason });
      }
    }
    if (errors.length > 0) return { ok: false, reason: errors.map((e) => e.reason).join('; '), errors };
    const before = new Map([...accepted.keys()].map((k) => [k, this.get(k)] as const));
    if (accepted.size > 0) this.backend.setMany([...accepted.entries()]);
    return this.announce(before);
  }

  /** Back to the defaults: the given keys, or every key. Unknown keys fail the whole call. */
  reset(keys?: string[], options: SetOptions = {}): SetResult {
    const targets = keys ?? this.registry.list({ role: options.role }).map((d) => d.key);
    const errors: SettingError[] = [];
    for (const key of targets) {
      const def = this.registry.find(key);
      if (!def) errors.push({ key, reason: `${key}: unknown setting` });
      else if (options.role === 'user' && def.role !== 'user') {
        errors.push({ key, reason: `${key}: only the administrator may change this setting` });
      }
    }
    if (errors.length > 0) return { ok: false, reason: errors.map((e) => e.reason).join('; '), errors };
    const before = new Map(targets.map((k) => [k, this.get(k)] as const));
    const stored = targets.filter((k) => this.backend.get(k) !== undefined);
    if (stored.length > 0) this.backend.deleteMany(stored);
    return this.announce(before);
  }

  /** Effective values by key, in declaration order (GET /api/v1/settings, JSON export). */
  snapshot(options: SnapshotOptions = {}): Record<string, SettingValue> {
    const out: Record<string, SettingValue> = {};
    for (const def of this.registry.list(options)) {
      const v = this.get(def.key);
      out[def.key] = options.maskPasswords && def.kind === 'password' && v !== '' ? PASSWORD_MASK : v;
    }
    return out;
  }

  /** A view that shows and changes only what `role` may (manual §7: admin vs user login). */
  forRole(role: SettingRole): RoleSettings {
    return new RoleSettings(this, role);
  }

  private announce(before: Map<string, SettingValue>): SetResult {
    const changes: SettingChange[] = [];
    for (const [key, old] of before) {
      const now = this.get(key);
      if (now !== old) changes.push({ key, old, new: now, effect: this.registry.def(key).effect });
    }
    if (changes.length > 0) this.events.emit('changed', changes);
    return { ok: true, changes };
  }
}
