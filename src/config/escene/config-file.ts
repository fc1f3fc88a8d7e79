/**
 * The main config file `<MAC>.xml` (kept by the phone as `ESConfig.xml`,
 * escene-formats.md §3), read into registry changes and written from registry values.
 *
 * Import merges: only what the file names changes (partial files are normal - the
 * FusionPBX template holds 7 containers and only the configured sipUser rows, §3.1).
 * Every value goes through the registry; one bad value rejects the whole file and
 * nothing is applied (issue #3). Parts with no setting behind them are returned as
 * `unknown`, for the caller to keep (unknown-parts.ts) and hand back to the export.
 *
 * Export writes every known container in the phone's order (config-schema.ts), each
 * element's attributes in the schema's order, then registry attributes the schema
 * lacks, then kept attributes - so export -> import -> export gives the same bytes.
 * A real-phone attribute with neither a setting nor a kept value is left out rather
 * than written as "" (which a phone could read as 0: a guess).
 *
 * The Dial Plan and IP Strategy tables travel as rows of `RouteTabs` / `WhiteTabs`
 * in Sayhi's own row format (table-rows.ts): written before any kept rows of those
 * containers, read into `tables` (a container with rows replaces its whole table; an empty one
 * changes nothing).
 */
import type { SettingValue } from '../registry/setting-def.js';
import { type EsceneAttr, type EsceneDoc, type EsceneElement, type EsceneSection, elementPath, findAttr, rowId, writeEsceneDoc } from './escene-doc.js';
import { CONFIG_FILE_LIMITS, type EsceneIssue, type EsceneLimits, esceneIssue } from './escene-issue.js';
import { readEsceneDoc } from './escene-reader.js';
import { ESCENE_CONFIG_SCHEMA, configElementSpec, isKnownConfigAttribute } from './config-schema.js';
import { type EsceneRegistryView, type XmlSlot, XmlSettingIndex, rowKey } from './registry-view.js';
import { EMPTY_UNKNOWN, joinSections } from './unknown-parts.js';
import {
  DIAL_PLAN_CONTAINER,
  type EsceneTables,
  IP_STRATEGY_CONTAINER,
  isTableRow,
  readDialPlanRows,
  readIpStrategyRows,
  tableRows,
} from './table-rows.js';

export interface ConfigImportOptions {
  registry: EsceneRegistryView;
  /** Name used in issues; default 'ESConfig.xml'. */
  file?: string;
  limits?: EsceneLimits;
}

export type ConfigImportResult =
  | {
      ok: true;
      /** In file order; apply them in one atomic Settings.setMany. */
      changes: Array<[key: string, value: SettingValue]>;
      /** Parts kept for export: merge into the stored blob with mergeUnknown. */
      unknown: EsceneDoc;
      /** Parts not applied (kept), one per element. */
      warnings: EsceneIssue[];
      /**
       * The tables the file carries (table-rows.ts): each one present replaces the
       * stored table as a whole; one the file leaves out stays as it is.
       */
      tables: EsceneTables;
    }
  | { ok: false; errors: EsceneIssue[] };

/** More errors than this and the rest are summed up: a broken template repeats its mistake. */
const MAX_ERRORS = 50;

export function importConfig(xml: string | Uint8Array, options: ConfigImportOptions): ConfigImportResult {
  const file = options.file ?? 'ESConfig.xml';
  const read = readEsceneDoc(xml, { file, limits: options.limits ?? CONFIG_FILE_LIMITS });
  if (!read.ok) return { ok: false, errors: [read.error] };
  const index = new XmlSettingIndex(options.registry);
  const errors: EsceneIssue[] = [];
  const warnings: EsceneIssue[] = [];
  const changes: Array<[string, SettingValue]> = [];
  const setAt = new Map<string, EsceneAttr>();
  const unknown: EsceneSection[] = [];
  const tableRowsIn = new Map<string, EsceneElement[]>();

  for (const section of read.doc.sections) {
    const known = ESCENE_CONFIG_SCHEMA.some((s) => s.container === section.container) || index.containers.has(section.container);
    const kept: EsceneSection = { container: section.container, attrs: section.attrs, items: [] };
    if (!known) warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, section.container, section.pos, 'container not used by this phone; kept for export'));
    else if (section.attrs.length > 0) {
      warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, section.container, section.pos, `container attributes not used: ${names(section.attrs)}; kept for export`));
    }
    if (section.container === DIAL_PLAN_CONTAINER || section.container === IP_STRATEGY_CONTAINER) {
      // the container present is the whole table, even when empty
      if (!tableRowsIn.has(section.container)) tableRowsIn.set(section.container, []);
    }
    for (const el of section.items) {
      if (isTableRow(section.container, el)) {
        // applied as a table, never kept as well (the export would write it twice)
        tableRowsIn.get(section.container)!.push(el);
        continue;
      }
      const keptEl = known ? importElement(section.container, el) : el;
      if (keptEl) kept.items.push(keptEl);
    }
    if (!known || kept.items.length > 0 || kept.attrs.length > 0) unknown.push(kept);
  }
  const tables: EsceneTables = {};
  // Only rows replace a table: every public Escene template ships these containers
  // empty, so an empty one means "not managed here" (a provisioning file must not
  // wipe the rules set on the phone); clearing is the page's or the API's job.
  const routeRows = tableRowsIn.get(DIAL_PLAN_CONTAINER);
  if (routeRows && routeRows.length > 0) {
    const dialPlan = readDialPlanRows(file, routeRows, errors, warnings);
    if (dialPlan) tables.dialPlan = dialPlan;
  }
  const whiteRows = tableRowsIn.get(IP_STRATEGY_CONTAINER);
  if (whiteRows && whiteRows.length > 0) {
    const ipStrategy = readIpStrategyRows(file, whiteRows, errors, warnings);
    if (ipStrategy) tables.ipStrategy = ipStrategy;
  }
  if (errors.length > 0) {
    if (errors.length > MAX_ERRORS) {
      const more = errors.length - MAX_ERRORS;
      errors.length = MAX_ERRORS;
      errors.push(esceneIssue('CFG_XML_VALUE', file, '', undefined, `and ${more} more errors`));
    }
    return { ok: false, errors };
  }
  return { ok: true, changes, unknown: { sections: unknown }, warnings, tables };

  /** Applies what maps to settings; returns what is kept (or undefined when nothing is). */
  function importElement(container: string, el: EsceneElement): EsceneElement | undefined {
    const slots = index.element(container, el.tag);
    const where = elementPath(container, el);
    if (!slots) {
      const why = configElementSpec(container, el.tag) ? 'element not applied by this phone' : 'element not used by this phone';
      warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, where, el.pos, `${why}; kept for export`));
      return el;
    }
    let idAttr: EsceneAttr | undefined;
    let row: XmlSlot[] | undefined;
    if (slots.list) {
      idAttr = findAttr(el.attrs, 'id');
      if (idAttr === undefined) {
        errors.push(esceneIssue('CFG_XML_ID', file, where, el.pos, `<${el.tag}> has no id; which row it is would be a guess`));
        return undefined;
      }
      row = slots.rows.get(rowKey(idAttr.value));
      if (!row) {
        warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, where, el.pos, `this phone has no ${el.tag} row id=${idAttr.value}; kept for export, not applied`));
        return el;
      }
    } else {
      row = slots.rows.get('');
      if (!row) return el; // registry declares rows here but the file has a singleton: keep it as is
    }
    const keptAttrs: EsceneAttr[] = idAttr ? [idAttr] : [];
    const notApplied: EsceneAttr[] = [];
    for (const attr of el.attrs) {
      if (attr === idAttr) continue;
      const slot = XmlSettingIndex.slotFor(row, attr.name);
      if (!slot) {
        keptAttrs.push(attr);
        notApplied.push(attr);
        continue;
      }
      const at = `${where}@${attr.name}`;
      const earlier = setAt.get(slot.def.key);
      if (earlier) {
        const line = earlier.pos ? ` (line ${earlier.pos.line})` : '';
        errors.push(esceneIssue('CFG_XML_DUPLICATE', file, at, attr.pos, `${slot.def.key} is already set earlier in the file${line}`));
        continue;
      }
      setAt.set(slot.def.key, attr);
      const value = options.registry.fromXml(slot.def.key, attr.value);
      if (!value.ok) errors.push(esceneIssue('CFG_XML_VALUE', file, at, attr.pos, `value ${JSON.stringify(attr.value)} rejected: ${value.reason}`));
      else changes.push([slot.def.key, value.value]);
    }
    if (notApplied.length > 0) {
      const strange = notApplied.filter((a) => !isKnownConfigAttribute(container, el.tag, a.name));
      const familiar = notApplied.filter((a) => !strange.includes(a));
      const why = [
        ...(strange.length > 0 ? [`attributes unknown to the Escene files: ${names(strange)}`] : []),
        ...(familiar.length > 0 ? [`Escene attributes this phone does not apply: ${names(familiar)}`] : []),
      ];
      warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, where, el.pos, `${why.join('; ')}; kept for export`));
    }
    return notApplied.length > 0 ? { tag: el.tag, attrs: keptAttrs, pos: el.pos } : undefined;
  }
}

function names(attrs: readonly EsceneAttr[]): string {
  return attrs.map((a) => a.name).join(', ');
}

export interface ConfigExportOptions {
  registry: EsceneRegistryView;
  /** The effective value of a key (Settings.get). */
  values: (key: string) => SettingValue;
  /** Kept parts from earlier imports (parseUnknown of the stored blob). */
  unknown?: EsceneDoc;
  /** The dial plan and IP strategy tables, written as rows of RouteTabs / WhiteTabs. */
  tables?: EsceneTables;
}

/** The full `ESConfig.xml`: no declaration, UTF-8, deterministic (escene-formats.md §7.3). */
export function exportConfig(options: ConfigExportOptions): string {
  const index = new XmlSettingIndex(options.registry);
  const kept = joinSections(options.unknown ?? EMPTY_UNKNOWN);
  const keptByName = new Map(kept.sections.map((s) => [s.container, s]));
  const order = [...new Set([...ESCENE_CONFIG_SCHEMA.map((s) => s.container), ...index.containers.keys(), ...keptByName.keys()])];
  const sections: EsceneSection[] = [];
  for (const container of order) {
    const spec = ESCENE_CONFIG_SCHEMA.find((s) => s.container === container);
    const registryElements = index.containers.get(container);
    const keptSection = keptByName.get(container);
    // a table row kept by an older version is superseded by the table itself
    const keptItems = (keptSection?.items ?? []).filter((el) => !isTableRow(container, el));
    const consumed = new Set<EsceneElement>();
    const items: EsceneElement[] = tableRows(container, options.tables);
    const tags = [...new Set([...(spec?.elements.map((e) => e.tag) ?? []), ...(registryElements?.keys() ?? [])])];
    for (const tag of tags) {
      const elSpec = spec?.elements.find((e) => e.tag === tag);
      const slots = registryElements?.get(tag);
      const specAttrs = elSpec?.attrs ?? [];
      if (elSpec?.list ?? slots?.list ?? false) {
        const keptRows = keptItems.filter((el) => el.tag === tag && rowId(el) !== undefined);
        const ids = [...new Set([...(slots?.rows.keys() ?? []), ...keptRows.map((el) => rowKey(rowId(el)!))])].sort(byRowId);
        for (const id of ids) {
          const mine = keptRows.filter((el) => rowKey(rowId(el)!) === id);
          mine.forEach((el) => consumed.add(el));
          items.push({ tag, attrs: elementAttrs(options, specAttrs, slots?.rows.get(id), mine.flatMap((el) => el.attrs), id) });
        }
      } else {
        const first = keptItems.find((el) => el.tag === tag && rowId(el) === undefined);
        if (first) consumed.add(first);
        const attrs = elementAttrs(options, specAttrs, slots?.rows.get(''), first?.attrs ?? [], undefined);
        if (attrs.length > 0) items.push({ tag, attrs });
      }
    }
    for (const el of keptItems) if (!consumed.has(el)) items.push({ tag: el.tag, attrs: el.attrs.map((a) => ({ ...a })) });
    sections.push({ container, attrs: keptSection?.attrs.map((a) => ({ ...a })) ?? [], items });
  }
  return writeEsceneDoc({ sections });
}

/** Numeric ids ascending, then any others in text order. */
function byRowId(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : Infinity;
  const nb = /^\d+$/.test(b) ? Number(b) : Infinity;
  return na !== nb ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}

/** id first, then the schema's attributes, the registry's others, and what was kept. */
function elementAttrs(
  options: ConfigExportOptions,
  specAttrs: readonly string[],
  row: readonly XmlSlot[] | undefined,
  kept: readonly EsceneAttr[],
  id: string | undefined,
): EsceneAttr[] {
  const out: EsceneAttr[] = [];
  const usedKept = new Set<EsceneAttr>();
  const usedSlots = new Set<XmlSlot>();
  const takeKept = (name: string): EsceneAttr | undefined => {
    const free = kept.filter((a) => !usedKept.has(a));
    const hit = findAttr(free, name);
    if (hit) usedKept.add(hit);
    return hit;
  };
  const take = (name: string): void => {
    const slot = row ? XmlSettingIndex.slotFor(row, name) : undefined;
    const keptAttr = takeKept(name);
    if (slot && !usedSlots.has(slot)) {
      usedSlots.add(slot);
      out.push({ name: slot.attribute, value: options.registry.toXml(slot.def.key, options.values(slot.def.key)) });
    } else if (keptAttr) {
      out.push({ name: keptAttr.name, value: keptAttr.value });
    }
  };
  if (id !== undefined) {
    const keptId = takeKept('id');
    out.push({ name: 'id', value: keptId?.value ?? id });
  }
  for (const name of specAttrs) if (name !== 'id') take(name);
  for (const slot of row ?? []) if (!usedSlots.has(slot)) take(slot.attribute);
  for (const a of kept) if (!usedKept.has(a)) out.push({ name: a.name, value: a.value });
  return out;
}
