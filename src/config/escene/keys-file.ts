/**
 * The keys file `<account-1 number>_Extern.xml` (phone copy `/mnt/sip/Extern.xml`,
 * escene-formats.md §4; manual §2.4 "Auto Provision for Expansion"): memory keys,
 * fixed-key remapping (`ProgramKeys`, and the older `Programbuttons`), the soft-key
 * layout, and expansion modules 1-6 of 32 keys each (ES330 only).
 *
 * Applying it replaces each container the file has, whole, and leaves the others
 * alone (escene-formats.md §7.2: for the Extern file "replacing the whole file per
 * container is the safer reading"); `present` says which those are. A bad type code,
 * an id out of range or an account the phone does not have rejects the whole file.
 * Attributes the model does not name (`ExternID`, `ID`, vendor extras) and unknown
 * containers are kept and written back.
 */
import { type EsceneAttr, type EsceneElement, type EsceneSection, writeEsceneDoc } from './escene-doc.js';
import { type EsceneIssue, type EsceneLimits, KEYS_FILE_LIMITS, esceneIssue } from './escene-issue.js';
import { readEsceneDoc } from './escene-reader.js';
import { AttributeReader, keptSection, keptValue, withoutNames } from './attribute-reader.js';
import {
  AUTO_ACCOUNT_CODE,
  type EsceneAccount,
  MEMORY_KEY_TYPES,
  type MemoryKeyType,
  PROGRAM_KEY_IDS,
  PROGRAM_KEY_TYPES,
  type ProgramKeyType,
  accountFromCode,
  accountToCode,
  memoryKeyTypeOf,
  programKeyTypeOf,
} from './key-types.js';

export interface MemoryKey {
  /** 0-based key index (`id`). */
  id: number;
  type: MemoryKeyType;
  account: EsceneAccount;
  /** `HotlineNum`: the number dialled / watched / parked on. */
  number: string;
  /** `Name`: the label. */
  name: string;
  /** Attributes the model does not name, written back as they came. */
  extra: EsceneAttr[];
}

export interface ProgramKey {
  /** Which fixed key (PROGRAM_KEY_IDS[id]). */
  id: number;
  type: ProgramKeyType;
  account: EsceneAccount;
  /** `Num`. */
  number: string;
  name: string;
  extra: EsceneAttr[];
}

export interface SoftKeyRow {
  /** Call state (0-11 in RCA files; value codes unknown, kept as text). */
  id: number;
  /** softkey1Value..softkey4Value; undefined when the file had none. */
  values: Array<string | undefined>;
  extra: EsceneAttr[];
}

export interface SoftKeys {
  /** Container attributes Enable / Status / Selected (codes unknown, kept as text). */
  attrs: EsceneAttr[];
  rows: SoftKeyRow[];
}

export const MEMORY_KEY_CONTAINER = 'hotlines';
export const EXPANSION_MODULES = 6;
export const EXPANSION_KEYS = 32;

/** `Extensions`/`extension` for module 1, `Extension2s`/`extension2` ... `Extension6s`/`extension6`. */
export function expansionNames(module: number): { container: string; element: string } {
  return module === 1 ? { container: 'Extensions', element: 'extension' } : { container: `Extension${module}s`, element: `extension${module}` };
}

export const KEY_CONTAINERS = [
  'hotlines', 'ProgramKeys', 'Programbuttons', 'SoftKeys',
  ...Array.from({ length: EXPANSION_MODULES }, (_, i) => expansionNames(i + 1).container),
] as const;

export interface KeyLayout {
  memoryKeys: MemoryKey[];
  programKeys: ProgramKey[];
  programButtons: ProgramKey[];
  softKeys: SoftKeys;
  /** Modules 1-6 at index 0-5. */
  expansion: MemoryKey[][];
  /** Containers the file had (an import replaces exactly these); the writer writes these and any non-empty one. */
  present: string[];
  /** Containers this phone does not use, and stray elements/attributes of known ones: written back after. */
  unknown: EsceneSection[];
}

export function emptyKeyLayout(): KeyLayout {
  return {
    memoryKeys: [],
    programKeys: [],
    programButtons: [],
    softKeys: { attrs: [], rows: [] },
    expansion: Array.from({ length: EXPANSION_MODULES }, () => []),
    present: [],
    unknown: [],
  };
}

export interface KeysFileOptions {
  file?: string;
  /** SIP accounts of the model (ES320 2, ES330 3): SipAccounts must name one, or be 127. */
  accountCount?: number;
  /** Memory keys on the phone: hotline ids 0..n-1. Default 16 (manual §1 "16 Programmable Buttons"). */
  memoryKeyCount?: number;
  limits?: EsceneLimits;
}

export type KeysFileResult = { ok: true; layout: KeyLayout; warnings: EsceneIssue[] } | { ok: false; errors: EsceneIssue[] };

const SOFTKEY_ROWS = 12;
const SOFTKEY_VALUES = ['softkey1Value', 'softkey2Value', 'softkey3Value', 'softkey4Value'];
/** Label and number lengths: the templates give none; the LCD shows far less. */
const LABEL_MAX = 64;
const NUMBER_MAX = 128;

export function parseKeysFile(xml: string | Uint8Array, options: KeysFileOptions = {}): KeysFileResult {
  const file = options.file ?? 'Extern.xml';
  const read = readEsceneDoc(xml, { file, limits: options.limits ?? KEYS_FILE_LIMITS });
  if (!read.ok) return { ok: false, errors: [read.error] };
  const accountCount = options.accountCount ?? 3;
  const errors: EsceneIssue[] = [];
  const warnings: EsceneIssue[] = [];
  const layout = emptyKeyLayout();

  const account = (r: AttributeReader): EsceneAccount => {
    const code = r.int('SipAccounts', 0, accountCount - 1, AUTO_ACCOUNT_CODE, [AUTO_ACCOUNT_CODE]);
    return accountFromCode(code ?? AUTO_ACCOUNT_CODE);
  };
  const memoryKey = (r: AttributeReader, maxId: number): MemoryKey | undefined => {
    const id = r.int('id', 0, maxId, undefined);
    const type = r.code('Type', memoryKeyTypeOf, MEMORY_TYPE_TEXT);
    const key = { account: account(r), number: r.text('HotlineNum', NUMBER_MAX), name: r.text('Name', LABEL_MAX) };
    if (id === undefined || type === undefined) return undefined;
    return { id, type, ...key, extra: r.rest() };
  };
  const programKey = (r: AttributeReader): ProgramKey | undefined => {
    const id = r.int('id', 0, PROGRAM_KEY_IDS.length - 1, undefined);
    const type = r.code('Type', programKeyTypeOf, PROGRAM_TYPE_TEXT);
    const key = { account: account(r), number: r.text('Num', NUMBER_MAX), name: r.text('Name', LABEL_MAX) };
    if (id === undefined || type === undefined) return undefined;
    return { id, type, ...key, extra: r.rest() };
  };
  const softKey = (r: AttributeReader): SoftKeyRow | undefined => {
    const id = r.int('id', 0, SOFTKEY_ROWS - 1, undefined);
    const values = SOFTKEY_VALUES.map((name) => r.take(name)?.value);
    return id === undefined ? undefined : { id, values, extra: r.rest() };
  };

  for (const section of read.doc.sections) {
    const c = section.container;
    const module = KEY_CONTAINERS.indexOf(c as (typeof KEY_CONTAINERS)[number]) - 3;
    type Row = { id: number };
    let element: string;
    let parse: (r: AttributeReader) => Row | undefined;
    let into: Row[];
    if (c === 'hotlines') {
      [element, into] = ['hotline', layout.memoryKeys];
      parse = (r) => memoryKey(r, (options.memoryKeyCount ?? 16) - 1);
    } else if (c === 'ProgramKeys' || c === 'Programbuttons') {
      [element, into, parse] = c === 'ProgramKeys' ? ['ProgramKey', layout.programKeys, programKey] : ['Programbutton', layout.programButtons, programKey];
    } else if (c === 'SoftKeys') {
      [element, into, parse] = ['SoftKey', layout.softKeys.rows, softKey];
      layout.softKeys.attrs.push(...section.attrs.map((a) => ({ name: a.name, value: a.value })));
    } else if (module >= 1) {
      [element, into] = [expansionNames(module).element, layout.expansion[module - 1]!];
      parse = (r) => memoryKey(r, EXPANSION_KEYS - 1);
    } else {
      // PhoneBooks/PhoneGroups appear (empty) in the ES620 Extern template; anything else is news.
      if (c !== 'PhoneBooks' && c !== 'PhoneGroups') warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, c, section.pos, 'container not used by this phone; kept'));
      layout.unknown.push(stripSection(section));
      continue;
    }
    if (!layout.present.includes(c)) layout.present.push(c);
    const stray: EsceneElement[] = [];
    const seen = new Set(into.map((row) => row.id));
    for (const el of section.items) {
      if (el.tag !== element) {
        warnings.push(esceneIssue('CFG_XML_UNKNOWN', file, `${c}/${el.tag}`, el.pos, `<${c}> holds <${element}> rows; kept, not applied`));
        stray.push({ tag: el.tag, attrs: withoutNames(el.attrs, []) });
        continue;
      }
      const before = errors.length;
      const r = new AttributeReader(errors, file, c, el);
      const row = parse(r);
      if (!row || errors.length > before) continue;
      if (seen.has(row.id)) {
        errors.push(esceneIssue('CFG_XML_DUPLICATE', file, r.where, el.pos, `${element} id=${row.id} appears twice`));
        continue;
      }
      seen.add(row.id);
      into.push(row);
    }
    const strayAttrs = c === 'SoftKeys' ? [] : withoutNames(section.attrs, []);
    if (stray.length > 0 || strayAttrs.length > 0) {
      const kept = keptSection(layout.unknown, c);
      kept.attrs.push(...strayAttrs);
      kept.items.push(...stray);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, layout, warnings };
}

function codeList(table: Record<string, number>): string {
  return Object.entries(table)
    .map(([name, code]) => `${code} ${name}`)
    .join(', ');
}

const MEMORY_TYPE_TEXT = `a memory key type (${codeList(MEMORY_KEY_TYPES)})`;
const PROGRAM_TYPE_TEXT = `a programmable key type (${codeList(PROGRAM_KEY_TYPES)})`;

function stripSection(s: EsceneSection): EsceneSection {
  return { container: s.container, attrs: withoutNames(s.attrs, []), items: s.items.map((el) => ({ tag: el.tag, attrs: withoutNames(el.attrs, []) })) };
}

const byId = <T extends { id: number }>(a: T, b: T): number => a.id - b.id;

function memoryKeyAttrs(k: MemoryKey, expansion: boolean): EsceneAttr[] {
  const id = String(k.id);
  const common = { sip: String(accountToCode(k.account)), type: String(MEMORY_KEY_TYPES[k.type]) };
  // Attribute order as in the templates (escene-formats.md §4 tables).
  const named: Array<[string, string]> = expansion
    ? [['id', id], ['ID', keptValue(k.extra, 'ID', id)], ['HotlineNum', k.number], ['SipAccounts', common.sip], ['Type', common.type], ['Name', k.name]]
    : [['id', id], ['ID', keptValue(k.extra, 'ID', id)], ['SipAccounts', common.sip], ['Type', common.type], ['HotlineNum', k.number], ['Name', k.name]];
  return [...named.map(([name, value]) => ({ name, value })), ...withoutNames(k.extra, ['ID'])];
}

function programKeyAttrs(k: ProgramKey, older: boolean): EsceneAttr[] {
  const sip = String(accountToCode(k.account));
  const type = String(PROGRAM_KEY_TYPES[k.type]);
  const named: Array<[string, string]> = older
    ? [['id', String(k.id)], ['Num', k.number], ['SipAccounts', sip], ['Type', type], ['Name', k.name]]
    : [['id', String(k.id)], ['SipAccounts', sip], ['Type', type], ['Num', k.number], ['Name', k.name]];
  return [...named.map(([name, value]) => ({ name, value })), ...k.extra.map((a) => ({ ...a }))];
}

function softKeyAttrs(row: SoftKeyRow): EsceneAttr[] {
  const attrs: EsceneAttr[] = [{ name: 'id', value: String(row.id) }];
  SOFTKEY_VALUES.forEach((name, n) => {
    const value = row.values[n];
    if (value !== undefined) attrs.push({ name, value });
  });
  return [...attrs, ...row.extra.map((a) => ({ ...a }))];
}

/** The Extern file: known containers in a fixed order, rows by id, then kept parts. No declaration. */
export function writeKeysFile(layout: KeyLayout): string {
  const keptByName = new Map<string, EsceneSection>();
  const extraSections: EsceneSection[] = [];
  for (const s of layout.unknown) {
    if ((KEY_CONTAINERS as readonly string[]).includes(s.container) && !keptByName.has(s.container)) keptByName.set(s.container, s);
    else extraSections.push(s);
  }
  const rowsOf = (c: string): { attrs: EsceneAttr[]; items: EsceneElement[] } => {
    const items = (tag: string, rows: EsceneAttr[][]): EsceneElement[] => rows.map((attrs) => ({ tag, attrs }));
    if (c === 'hotlines') return { attrs: [], items: items('hotline', [...layout.memoryKeys].sort(byId).map((k) => memoryKeyAttrs(k, false))) };
    if (c === 'ProgramKeys') return { attrs: [], items: items('ProgramKey', [...layout.programKeys].sort(byId).map((k) => programKeyAttrs(k, false))) };
    if (c === 'Programbuttons') return { attrs: [], items: items('Programbutton', [...layout.programButtons].sort(byId).map((k) => programKeyAttrs(k, true))) };
    if (c === 'SoftKeys') {
      return { attrs: layout.softKeys.attrs.map((a) => ({ ...a })), items: items('SoftKey', [...layout.softKeys.rows].sort(byId).map(softKeyAttrs)) };
    }
    const module = KEY_CONTAINERS.indexOf(c as (typeof KEY_CONTAINERS)[number]) - 3;
    const keys = [...(layout.expansion[module - 1] ?? [])].sort(byId);
    return { attrs: [], items: items(expansionNames(module).element, keys.map((k) => memoryKeyAttrs(k, true))) };
  };
  const sections: EsceneSection[] = [];
  for (const c of KEY_CONTAINERS) {
    const { attrs, items } = rowsOf(c);
    const kept = keptByName.get(c);
    if (items.length === 0 && !layout.present.includes(c) && !kept) continue;
    sections.push({ container: c, attrs: [...attrs, ...(kept?.attrs ?? [])], items: [...items, ...(kept?.items ?? [])] });
  }
  return writeEsceneDoc({ sections: [...sections, ...extraSections] });
}
