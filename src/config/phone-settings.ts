import { SayhiError } from '../base/index.js';
import {
  PASSWORD_MASK,
  Settings,
  createDefaultRegistry,
  type PhoneModelName,
  type SettingChange,
  type SettingError,
  type SettingRole,
  type SettingValue,
  type SettingsRegistry,
  type SettingsSchema,
} from './registry/index.js';
import { CALL_HISTORY_TYPES, openMemoryPhoneDatabase, openPhoneDatabase, type PhoneDatabase } from './store/index.js';
import { WebAccounts } from './web-accounts.js';
import { WEB_LOGIN_KEYS, groupWebLoginChanges, isWebLoginKey, webLoginProblems, webLoginValue } from './web-logins.js';

/**
 * One phone's configuration as every surface uses it (issue #3): the settings
 * registry of its model, the values in `<data>/phone.db`, and the web logins of
 * `<data>/web-accounts.json`. `apply` is the one way to change settings from
 * outside (REST, Escene import, command line): role checks, atomic write, login
 * keys to their hashed store, and the reboot bookkeeping.
 */
export interface PhoneSettingsOptions {
  model: PhoneModelName;
  /** `<dir>/phone.db` and `<dir>/web-accounts.json`; undefined: both in memory. */
  dataDir?: string;
  /** An open database to use instead (tests). */
  db?: PhoneDatabase;
  /** Open logins to use instead (tests). */
  accounts?: WebAccounts;
}

export interface ApplyOptions {
  /** The login asking: 'user' may change only user keys (manual §7). Default 'admin'. */
  role?: SettingRole;
  /** Escene import: an empty login password means "unchanged" (our export writes it empty). */
  keepEmptyPasswords?: boolean;
  /** More writes to commit in the same transaction as the settings (kept Escene parts). */
  alongside?: () => void;
}

export type ApplyResult =
  | { ok: true; changes: SettingChange[] }
  /** 'forbidden': keys the role may not change (nothing applied); 'invalid': values refused (nothing applied). */
  | { ok: false; status: 'forbidden' | 'invalid'; errors: SettingError[] };

export interface FactoryResetReport {
  settings: number;
  contacts: number;
  groups: number;
  enterprise: number;
  banlist: number;
  callHistory: number;
  keptTexts: number;
}

/** Thrown inside a transaction to roll it back when the settings were refused. */
class Refused extends SayhiError {
  constructor() {
    super('CFG_REFUSED', 'settings refused');
  }
}

export class PhoneSettings {
  readonly registry: SettingsRegistry;
  readonly settings: Settings;
  /** Values of 'reboot' keys as they were at start (first change since markStarted). */
  private readonly startValues = new Map<string, SettingValue>();

  private constructor(
    readonly model: PhoneModelName,
    readonly db: PhoneDatabase,
    readonly accounts: WebAccounts,
  ) {
    this.registry = createDefaultRegistry(model);
    this.settings = new Settings(this.registry, db.settings);
    this.settings.events.on('changed', (changes) => {
      for (const c of changes) if (c.effect === 'reboot' && !this.startValues.has(c.key)) this.startValues.set(c.key, c.old);
    });
  }

  static async open(options: PhoneSettingsOptions): Promise<PhoneSettings> {
    const db = options.db ?? (options.dataDir === undefined ? openMemoryPhoneDatabase() : openPhoneDatabase(options.dataDir));
    try {
      const accounts = options.accounts ?? (await WebAccounts.open(options.dataDir));
      return new PhoneSettings(options.model, db, accounts);
    } catch (err) {
      if (!options.db) db.close();
      throw err;
    }
  }

  /** The running phone now uses these values: 'reboot' changes from here on are pending. */
  markStarted(): void {
    this.startValues.clear();
  }

  /** 'reboot' keys changed since the start, still different from what the phone started with. */
  pendingReboot(): string[] {
    return [...this.startValues].filter(([key, old]) => this.settings.get(key) !== old).map(([key]) => key);
  }

  /** Effective value as surfaces show it (web logins from WebAccounts, password masked). */
  shown(key: string): SettingValue {
    if (isWebLoginKey(key)) return webLoginValue(this.accounts, key);
    const def = this.registry.def(key);
    const v = this.settings.get(key);
    return def.kind === 'password' && v !== '' ? PASSWORD_MASK : v;
  }

  /** Every key the role may see, passwords masked (GET /api/v1/settings, JSON export). */
  snapshot(role: SettingRole = 'admin'): Record<string, SettingValue> {
    const out: Record<string, SettingValue> = {};
    for (const def of this.registry.list({ role })) out[def.key] = this.shown(def.key);
    return out;
  }

  schema(role: SettingRole = 'admin'): SettingsSchema {
    return this.registry.schema({ role });
  }

  /**
   * Change settings atomically: every key known, allowed for the role and valid, or
   * nothing changes (each refusal names its key). Web login keys go to WebAccounts,
   * hashed; the rest to the settings table in one transaction, then one 'changed' event.
   * Returned changes show passwords masked.
   */
  async apply(values: Record<string, unknown> | Array<[string, unknown]>, options: ApplyOptions = {}): Promise<ApplyResult> {
    const role = options.role ?? 'admin';
    const entries = Array.isArray(values) ? values : Object.entries(values);
    const forbidden = entries
      .filter(([key]) => role === 'user' && this.registry.find(key) !== undefined && this.registry.find(key)!.role !== 'user')
      .map(([key]) => ({ key, reason: `${key}: only the administrator may change this setting` }));
    if (forbidden.length > 0) return { ok: false, status: 'forbidden', errors: forbidden };

    const errors: SettingError[] = [];
    const logins: Array<[string, SettingValue]> = [];
    const others: Array<[string, unknown]> = [];
    for (const [key, raw] of entries) {
      if (!isWebLoginKey(key)) {
        others.push([key, raw]);
        continue;
      }
      const checked = raw === PASSWORD_MASK ? { ok: true as const, value: PASSWORD_MASK } : this.registry.validate(key, raw);
      if (checked.ok) logins.push([key, checked.value]);
      else errors.push({ key, reason: checked.reason });
    }
    const loginChanges = groupWebLoginChanges(this.accounts, logins, options.keepEmptyPasswords ?? false);
    if (errors.length === 0) errors.push(...webLoginProblems(this.accounts, loginChanges));
    if (errors.length > 0) {
      // report the other keys' reasons too, without writing anything
      for (const [key, raw] of others) {
        const checked = this.registry.validate(key, raw);
        if (!checked.ok) errors.push({ key, reason: checked.reason });
      }
      return { ok: false, status: 'invalid', errors };
    }

    const loginShown = new Map<string, SettingValue>(logins.map(([key]) => [key, webLoginValue(this.accounts, key)]));
    let result: ReturnType<Settings['setMany']> | undefined;
    try {
      this.db.transaction(() => {
        options.alongside?.();
        result = this.settings.setMany(others, { role });
        if (!result.ok) throw new Refused();
      });
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
    }
    if (!result || !result.ok) return { ok: false, status: 'invalid', errors: result && !result.ok ? result.errors : [] };
    for (const [loginRole, change] of loginChanges) await this.accounts.setLogin(loginRole, change);

    const changes = result.changes.map((c) => this.masked(c));
    for (const [key] of logins) {
      const now = webLoginValue(this.accounts, key);
      const def = this.registry.def(key);
      const login = loginChanges.get(WEB_LOGIN_KEYS[key]!.role);
      const touched = def.kind === 'password' ? login?.password !== undefined : now !== loginShown.get(key);
      if (touched) changes.push({ key, old: loginShown.get(key)!, new: now, effect: def.effect });
    }
    return { ok: true, changes };
  }

  /** Changed keys that wait for a restart, and those the host OS owns (stored only). */
  effectsOf(changes: SettingChange[]): { reboot: string[]; host: string[] } {
    return {
      reboot: changes.filter((c) => c.effect === 'reboot').map((c) => c.key),
      host: changes.filter((c) => c.effect === 'host').map((c) => c.key),
    };
  }

  /**
   * Factory reset (manual §7 "Reset to factory"): settings back to their defaults
   * (listeners hear it), phonebooks, banlist, call history and kept Escene parts
   * deleted, web logins back to root/root and user/user. Says what it removed.
   */
  async factoryReset(): Promise<FactoryResetReport> {
    const db = this.db;
    const report: FactoryResetReport = {
      settings: db.settings.entries().length,
      contacts: db.contacts.count(),
      groups: db.groups.count(),
      enterprise: db.enterprise.count(),
      banlist: db.banlist.count(),
      callHistory: CALL_HISTORY_TYPES.reduce((n, t) => n + db.callHistory.count(t), 0),
      keptTexts: db.keptTexts.names().length,
    };
    this.settings.reset();
    db.factoryReset();
    await this.accounts.reset();
    return report;
  }

  close(): void {
    this.db.close();
  }

  private masked(c: SettingChange): SettingChange {
    if (this.registry.def(c.key).kind !== 'password') return c;
    const mask = (v: SettingValue) => (v === '' ? '' : PASSWORD_MASK);
    return { ...c, old: mask(c.old), new: mask(c.new) };
  }
}
