import type { EnumOption, SettingDef, SettingEffect, SettingKind, SettingRole, SettingValue, XmlLocation } from './setting-def.js';

/**
 * The JSON served by `GET /api/v1/settings/schema` (issue #3): every key with its
 * type, default, range, role, live/reboot/host and Escene XML location. The web
 * layer also derives its route schemas from it (STYLE.md §6, "settings routes derive
 * theirs from the settings registry"). Password defaults are never included.
 */
export interface SettingSchemaEntry {
  key: string;
  kind: SettingKind;
  /** The JSON type a client sends: 'string' | 'integer' | 'boolean'. */
  type: 'string' | 'integer' | 'boolean';
  default?: SettingValue;
  min?: number;
  max?: number;
  maxLength?: number;
  pattern?: string;
  options?: EnumOption[];
  unit?: string;
  role: SettingRole;
  effect: SettingEffect;
  page: string;
  label: string;
  help?: string;
  menu?: string;
  xml?: XmlLocation;
}

export interface SettingsSchema {
  /** Bumped when the entry shape changes (not when keys are added). */
  version: 1;
  model: string;
  count: number;
  settings: SettingSchemaEntry[];
}

export function jsonTypeOf(kind: SettingKind): SettingSchemaEntry['type'] {
  if (kind === 'int' || kind === 'port') return 'integer';
  if (kind === 'bool') return 'boolean';
  return 'string';
}

export function schemaEntry(def: SettingDef): SettingSchemaEntry {
  const entry: SettingSchemaEntry = {
    key: def.key,
    kind: def.kind,
    type: jsonTypeOf(def.kind),
    role: def.role,
    effect: def.effect,
    page: def.page,
    label: def.label,
  };
  if (def.kind !== 'password') entry.default = def.default;
  if (def.kind === 'port') {
    entry.min = def.min ?? 1;
    entry.max = def.max ?? 65535;
  } else {
    if (def.min !== undefined) entry.min = def.min;
    if (def.max !== undefined) entry.max = def.max;
  }
  if (def.maxLength !== undefined) entry.maxLength = def.maxLength;
  if (def.pattern !== undefined) entry.pattern = def.pattern;
  if (def.options) entry.options = def.options.map((o) => ({ ...o }));
  if (def.unit !== undefined) entry.unit = def.unit;
  if (def.help !== undefined) entry.help = def.help;
  if (def.menu !== undefined) entry.menu = def.menu;
  if (def.xml) entry.xml = { ...def.xml };
  return entry;
}
