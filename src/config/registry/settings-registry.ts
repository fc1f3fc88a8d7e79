import { SayhiError } from '../../base/index.js';
import type { SettingDef, SettingEffect, SettingRole, SettingValue, XmlLocation } from './setting-def.js';
import { definitionProblems, validateSetting, type ValidationResult } from './setting-validation.js';
import { settingFromXml, settingToXml } from './setting-xml-codec.js';
import { schemaEntry, type SettingsSchema } from './settings-schema.js';
import type { SettingsConstraint } from './settings-constraints.js';

/** Selects declarations for a surface: the user login sees only 'user' keys, a page shows its own. */
export interface SettingsFilter {
  /** 'user' keeps only user keys; 'admin' keeps everything (the admin sees all). */
  role?: SettingRole;
  page?: string;
  /** Key prefix, e.g. 'account.2.' */
  prefix?: string;
  effect?: SettingEffect;
}

/** `container/element[id]@attribute`, the identity of one Escene XML attribute. */
export function xmlLocationId(loc: XmlLocation): string {
  return `${loc.container}/${loc.element}${loc.id === undefined ? '' : `[${loc.id}]`}@${loc.attribute}`;
}

/**
 * Every parameter of one phone, declared once (DESIGN.md §2, issue #3). Pure: it
 * holds declarations and knows how to check and convert values; values live in a
 * SettingsBackend behind `Settings`. One instance per phone (farm mode runs many
 * phones in one process, STYLE.md §6), built by createDefaultRegistry(model).
 */
export class SettingsRegistry {
  readonly model: string;
  private readonly defs = new Map<string, SettingDef>();
  private readonly byXmlId = new Map<string, SettingDef>();
  private readonly rules: SettingsConstraint[] = [];

  constructor(model = '') {
    this.model = model;
  }

  /** Adds one declaration. A duplicate key or XML location, or a bad default, is a programmer error. */
  define(def: SettingDef): void {
    if (this.defs.has(def.key)) throw new SayhiError('CFG_DUPLICATE_KEY', `setting ${def.key} declared twice`);
    const problems = definitionProblems(def);
    if (problems.length > 0) {
      throw new SayhiError('CFG_BAD_DECLARATION', `setting ${def.key}: ${problems.join('; ')}`);
    }
    if (def.xml) {
      const id = xmlLocationId(def.xml);
      const other = this.byXmlId.get(id);
      if (other) throw new SayhiError('CFG_DUPLICATE_XML', `settings ${other.key} and ${def.key} both map to ${id}`);
      this.byXmlId.set(id, def);
    }
    this.defs.set(def.key, Object.freeze({ ...def }));
  }

  defineAll(defs: Iterable<SettingDef>): void {
    for (const def of defs) this.define(def);
  }

  /** Adds a cross-key rule; its keys must be declared and the defaults must satisfy it. */
  constrain(rule: SettingsConstraint): void {
    for (const key of rule.keys) this.def(key);
    const reason = rule.check((key) => this.def(key).default);
    if (reason !== undefined) throw new SayhiError('CFG_BAD_DECLARATION', `defaults break a rule: ${reason}`);
    this.rules.push(rule);
  }

  /** The rules that read any of `keys`. */
  constraintsFor(keys: Iterable<string>): SettingsConstraint[] {
    const set = new Set(keys);
    return this.rules.filter((r) => r.keys.some((k) => set.has(k)));
  }

  has(key: string): boolean {
    return this.defs.has(key);
  }

  /** The declaration of `key`; throws CFG_UNKNOWN_KEY (use `find` when the key comes from outside). */
  def(key: string): SettingDef {
    const def = this.defs.get(key);
    if (!def) throw new SayhiError('CFG_UNKNOWN_KEY', `unknown setting ${key}`);
    return def;
  }

  find(key: string): SettingDef | undefined {
    return this.defs.get(key);
  }

  get size(): number {
    return this.defs.size;
  }

  keys(): string[] {
    return [...this.defs.keys()];
  }

  /** Declarations in declaration order (the order pages and exports show them). */
  list(filter: SettingsFilter = {}): SettingDef[] {
    const out: SettingDef[] = [];
    for (const def of this.defs.values()) {
      if (filter.role === 'user' && def.role !== 'user') continue;
      if (filter.page !== undefined && def.page !== filter.page) continue;
      if (filter.prefix !== undefined && !def.key.startsWith(filter.prefix)) continue;
      if (filter.effect !== undefined && def.effect !== filter.effect) continue;
      out.push(def);
    }
    return out;
  }

  /** Page names in first-declared order. */
  pages(): string[] {
    return [...new Set([...this.defs.values()].map((d) => d.page))];
  }

  /** Checks and coerces a value from any surface; an unknown key is a reason, not a throw. */
  validate(key: string, value: unknown): ValidationResult {
    const def = this.defs.get(key);
    if (!def) return { ok: false, reason: `${key}: unknown setting` };
    return validateSetting(def, value);
  }

  defaultOf(key: string): SettingValue {
    return this.def(key).default;
  }

  /** The Escene XML attribute text for a value (bool 0/1, enum XML code). Throws CFG_VALUE if invalid. */
  toXml(key: string, value: SettingValue): string {
    return settingToXml(this.def(key), value);
  }

  fromXml(key: string, text: string): ValidationResult {
    const def = this.defs.get(key);
    if (!def) return { ok: false, reason: `${key}: unknown setting` };
    return settingFromXml(def, text);
  }

  /** The declaration stored at an Escene XML attribute (exact spelling), if any. */
  byXml(loc: XmlLocation): SettingDef | undefined {
    return this.byXmlId.get(xmlLocationId(loc));
  }

  /** Declarations with an XML location, in declaration order. */
  xmlSettings(): SettingDef[] {
    return [...this.defs.values()].filter((d) => d.xml !== undefined);
  }

  schema(filter: SettingsFilter = {}): SettingsSchema {
    const settings = this.list(filter).map(schemaEntry);
    return { version: 1, model: this.model, count: settings.length, settings };
  }
}
