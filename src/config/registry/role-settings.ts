import type { Result } from '../../base/index.js';
import type { SettingDef, SettingRole, SettingValue } from './setting-def.js';
import type { SettingsSchema } from './settings-schema.js';
import type { SetResult, Settings, SnapshotOptions } from './settings.js';

/**
 * Settings as one login sees them (manual §7: the web "root" administrator sees
 * every page; the "user" login a subset). Surfaces hold one of these per session
 * so a user can neither read nor change an admin key by guessing its name.
 */
export class RoleSettings {
  constructor(
    private readonly settings: Settings,
    readonly role: SettingRole,
  ) {}

  private visible(def: SettingDef | undefined): def is SettingDef {
    return def !== undefined && (this.role === 'admin' || def.role === 'user');
  }

  list(): SettingDef[] {
    return this.settings.registry.list({ role: this.role });
  }

  can(key: string): boolean {
    return this.visible(this.settings.registry.find(key));
  }

  get(key: string): Result<SettingValue> {
    const def = this.settings.registry.find(key);
    if (!def) return { ok: false, reason: `${key}: unknown setting` };
    if (!this.visible(def)) return { ok: false, reason: `${key}: only the administrator may see this setting` };
    return { ok: true, value: this.settings.get(key) };
  }

  set(key: string, value: unknown): SetResult {
    return this.settings.setMany([[key, value]], { role: this.role });
  }

  setMany(values: Record<string, unknown> | Array<[string, unknown]>): SetResult {
    return this.settings.setMany(values, { role: this.role });
  }

  reset(keys?: string[]): SetResult {
    return this.settings.reset(keys, { role: this.role });
  }

  snapshot(options: Omit<SnapshotOptions, 'role'> = {}): Record<string, SettingValue> {
    return this.settings.snapshot({ ...options, role: this.role });
  }

  schema(): SettingsSchema {
    return this.settings.registry.schema({ role: this.role });
  }
}
