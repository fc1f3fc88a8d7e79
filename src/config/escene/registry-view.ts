/**
 * What the Escene files need from the settings registry: the declarations (with
 * their XML location) and the text <-> value codec. SettingsRegistry
 * (src/config/registry) satisfies it as is; keeping the view this small lets the XML
 * code be tested with a few declarations and keeps it out of the registry's internals.
 */
import type { Result } from '../../base/index.js';
import type { SettingDef, SettingValue } from '../registry/setting-def.js';

export interface EsceneRegistryView {
  list(): readonly SettingDef[];
  /** Attribute text for a valid value (bool "0"/"1", enum XML code). */
  toXml(key: string, value: SettingValue): string;
  /** Parses and validates attribute text; the reason names the key and the rule. */
  fromXml(key: string, text: string): Result<SettingValue, string>;
}

/** A setting at one attribute. */
export interface XmlSlot {
  def: SettingDef;
  /** The registry's spelling of the attribute. */
  attribute: string;
}

/** Registry declarations of one element: rows by id ('' for a singleton), attributes in declaration order. */
export interface XmlElementSlots {
  tag: string;
  list: boolean;
  rows: Map<string, XmlSlot[]>;
}

/** Row key of a file's id text: "03" and "3" are the same row. */
export function rowKey(id: string): string {
  const t = id.trim();
  return /^\d{1,9}$/.test(t) ? String(Number(t)) : t;
}

/**
 * Where each registry setting lives, container → element → row → attributes, in
 * declaration order (so an export lists a registry-only attribute deterministically).
 */
export class XmlSettingIndex {
  readonly containers = new Map<string, Map<string, XmlElementSlots>>();

  constructor(registry: EsceneRegistryView) {
    for (const def of registry.list()) {
      const loc = def.xml;
      if (!loc) continue;
      let elements = this.containers.get(loc.container);
      if (!elements) this.containers.set(loc.container, (elements = new Map()));
      let slots = elements.get(loc.element);
      if (!slots) elements.set(loc.element, (slots = { tag: loc.element, list: loc.id !== undefined, rows: new Map() }));
      const key = loc.id === undefined ? '' : String(loc.id);
      let row = slots.rows.get(key);
      if (!row) slots.rows.set(key, (row = []));
      row.push({ def, attribute: loc.attribute });
    }
  }

  element(container: string, tag: string): XmlElementSlots | undefined {
    return this.containers.get(container)?.get(tag);
  }

  /** The setting at an attribute: exact spelling first, then case-insensitive. */
  static slotFor(row: readonly XmlSlot[], attribute: string): XmlSlot | undefined {
    const exact = row.find((s) => s.attribute === attribute);
    if (exact) return exact;
    const lower = attribute.toLowerCase();
    return row.find((s) => s.attribute.toLowerCase() === lower);
  }
}
