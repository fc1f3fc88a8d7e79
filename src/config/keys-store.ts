import {
  AUTO_ACCOUNT_CODE,
  EXPANSION_KEYS,
  EXPANSION_MODULES,
  MEMORY_KEY_TYPES,
  PROGRAM_KEY_IDS,
  PROGRAM_KEY_TYPES,
  accountFromCode,
  accountToCode,
  emptyKeyLayout,
  expansionNames,
  memoryKeyTypeOf,
  parseKeysFile,
  writeKeysFile,
  type EsceneAccount,
  type EsceneAttr,
  type EsceneIssue,
  type KeyLayout,
  type MemoryKey,
  type MemoryKeyType,
  type ProgramKey,
  type ProgramKeyType,
} from './escene/index.js';
import type { PhoneDatabase } from './store/index.js';

/**
 * The programmable keys (`<account-1 number>_Extern.xml`, escene-formats.md §4:
 * memory keys, program keys / buttons, soft keys, expansion modules) kept in the
 * database as the canonical file the keys writer produces. An import replaces
 * the containers the file names (a download replaces what it carries) and is
 * all or nothing; the kept text holds unknown attributes too, so an export
 * gives back what was imported.
 */
export const KEPT_KEYS_TEXT = 'escene/Extern.xml';

export type KeysImportOutcome =
  | { ok: true; layout: KeyLayout; warnings: EsceneIssue[] }
  | { ok: false; errors: EsceneIssue[] };

export function keyLayout(db: PhoneDatabase, accountCount: number): KeyLayout {
  const text = db.keptTexts.get(KEPT_KEYS_TEXT);
  if (text === undefined) return emptyKeyLayout();
  const parsed = parseKeysFile(text, { file: KEPT_KEYS_TEXT, accountCount });
  // what we wrote ourselves always reads back; a failure means the row was edited by hand
  return parsed.ok ? parsed.layout : emptyKeyLayout();
}

export function importKeys(db: PhoneDatabase, xml: string | Uint8Array, opts: { accountCount: number; file?: string }): KeysImportOutcome {
  const parsed = parseKeysFile(xml, { accountCount: opts.accountCount, file: opts.file ?? 'Extern.xml' });
  if (!parsed.ok) return parsed;
  const current = keyLayout(db, opts.accountCount);
  const merged = mergeLayouts(current, parsed.layout);
  db.keptTexts.set(KEPT_KEYS_TEXT, writeKeysFile(merged));
  return { ok: true, layout: merged, warnings: parsed.warnings };
}

export function exportKeys(db: PhoneDatabase, accountCount: number): string {
  return writeKeysFile(keyLayout(db, accountCount));
}

/** The containers the new file carries replace ours; the others stay. */
function mergeLayouts(old: KeyLayout, incoming: KeyLayout): KeyLayout {
  const has = (c: string) => incoming.present.includes(c);
  const expansion = old.expansion.map((keys, i) =>
    has(i === 0 ? 'Extensions' : `Extension${i + 1}s`) ? incoming.expansion[i]! : keys,
  );
  const unknownNames = new Set(incoming.unknown.map((s) => s.container));
  return {
    memoryKeys: has('hotlines') ? incoming.memoryKeys : old.memoryKeys,
    programKeys: has('ProgramKeys') ? incoming.programKeys : old.programKeys,
    programButtons: has('Programbuttons') ? incoming.programButtons : old.programButtons,
    softKeys: has('SoftKeys') ? incoming.softKeys : old.softKeys,
    expansion,
    present: [...new Set([...old.present, ...incoming.present])],
    unknown: [...old.unknown.filter((s) => !unknownNames.has(s.container)), ...incoming.unknown],
  };
}

// ---- The keys as the management pages edit them (manual §7 "Programmable Keys", "Expansion Module") ----

/**
 * Where a key lives: memory keys (`hotlines`), line keys, function keys
 * (`ProgramKeys`, fixed-key remapping), soft keys (`SoftKeys`, per call state)
 * and expansion modules 1-6 (`Extensions`...`Extension6s`).
 */
export const KEY_GROUPS = ['memory', 'line', 'function', 'soft', 'expansion1', 'expansion2', 'expansion3', 'expansion4', 'expansion5', 'expansion6'] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];

/** One key as the pages show it: `index` is 1-based for memory, line and expansion keys, the ProgramKey id (0-17) for function keys. */
export interface KeySetting {
  index: number;
  /** A MemoryKeyType; for line keys also 'line' (the key selects its line); for function keys a ProgramKeyType. */
  type: string;
  account: EsceneAccount;
  number: string;
  label: string;
}

/** A soft-key row: the call state (`SoftKey id`, 0-11) and its four values ('' = none). The value codes are not public: kept as text. */
export interface SoftKeySetting {
  index: number;
  values: string[];
}

export interface KeyLayoutView {
  memoryKeys: KeySetting[];
  lineKeys: KeySetting[];
  functionKeys: KeySetting[];
  softKeys: SoftKeySetting[];
  /** Modules 1-6 at 0-5. */
  expansion: KeySetting[][];
}

/** A refused field: `key` is `<group>.<index>.<field>` (`memory.3.number`, `soft.2.values.1`). */
export interface KeyFieldError {
  key: string;
  reason: string;
}

export interface KeyLimits {
  /** SIP accounts of the model: a key's account is 1..accountCount or 'auto'. */
  accountCount: number;
  /** EMS32 modules the model takes (ES330 6, ES320 0). */
  expansionModules: number;
}

export type KeyEditOutcome = { ok: true; view: KeyLayoutView } | { ok: false; errors: KeyFieldError[] };

/** Memory keys in the keys file (hotline ids 0-15; the face has 12 of them as hard keys, manual §1). */
export const MEMORY_KEY_COUNT = 16;
export const SOFT_KEY_STATES = 12;
/**
 * Line keys are not in any public Escene keys file: Sayhi keeps them in a container
 * of its own (project-defined, escene-formats.md §7.5), written back like any
 * unknown container. Rows look like memory keys.
 */
export const LINE_KEYS_CONTAINER = 'LineKeys';
const LINE_KEY_ELEMENT = 'LineKey';
const LABEL_MAX = 64;
const NUMBER_MAX = 128;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function groupSize(group: KeyGroup, limits: KeyLimits): number {
  if (group === 'memory') return MEMORY_KEY_COUNT;
  if (group === 'line') return limits.accountCount;
  if (group === 'function') return PROGRAM_KEY_IDS.length;
  if (group === 'soft') return SOFT_KEY_STATES;
  return Number(group.slice('expansion'.length)) <= limits.expansionModules ? EXPANSION_KEYS : 0;
}

/** The first index of a group: 0 for function keys and soft keys (file ids), 1 elsewhere (the manual's "Key n"). */
export function keyIndexBase(group: KeyGroup): 0 | 1 {
  return group === 'function' || group === 'soft' ? 0 : 1;
}

const toSetting = (k: MemoryKey | ProgramKey, base: number): KeySetting => ({ index: k.id + base, type: k.type, account: k.account, number: k.number, label: k.name });

/** Line keys set to another function (manual §7 "Line Keys"): rows like memory keys, `id` 0-based; a plain line key has no row. */
export function lineKeysOf(layout: KeyLayout): MemoryKey[] {
  const section = layout.unknown.find((s) => s.container === LINE_KEYS_CONTAINER);
  const keys: MemoryKey[] = [];
  for (const el of section?.items ?? []) {
    const attr = (n: string) => el.attrs.find((a) => a.name === n)?.value ?? '';
    const type = memoryKeyTypeOf(Number(attr('Type')));
    const id = Number(attr('id'));
    if (el.tag !== LINE_KEY_ELEMENT || !type || !Number.isInteger(id) || id < 0) continue;
    keys.push({ id, type, account: accountFromCode(Number(attr('SipAccounts') || AUTO_ACCOUNT_CODE)), number: attr('HotlineNum'), name: attr('Name'), extra: [] });
  }
  return keys;
}

export function keyLayoutView(layout: KeyLayout): KeyLayoutView {
  const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;
  return {
    memoryKeys: [...layout.memoryKeys].sort(byId).map((k) => toSetting(k, 1)),
    lineKeys: lineKeysOf(layout).sort(byId).map((k) => toSetting(k, 1)),
    functionKeys: [...layout.programKeys].sort(byId).map((k) => toSetting(k, 0)),
    softKeys: [...layout.softKeys.rows].sort(byId).map((r) => ({ index: r.id, values: [0, 1, 2, 3].map((i) => r.values[i] ?? '') })),
    expansion: layout.expansion.map((keys) => [...keys].sort(byId).map((k) => toSetting(k, 1))),
  };
}

/** Why a number does not suit a key of this type, if it does not (what key-actions.ts does with it on a press). */
function numberProblem(type: string, number: string): string | undefined {
  const n = number.trim();
  if (n.length > NUMBER_MAX) return `at most ${NUMBER_MAX} characters`;
  if (CONTROL.test(number)) return 'no control characters';
  if (n === '') {
    if (type === 'blf') return 'a BLF key needs the extension it watches';
    if (['speed-dial', 'speed-dial-prefix', 'dtmf', 'paging', 'park', 'intercom'].includes(type)) return 'this key type needs a number';
    return undefined;
  }
  if (type === 'dtmf') return /^[0-9*#A-Da-d]{1,32}$/.test(n) ? undefined : 'DTMF digits only: 0-9 * # A-D, up to 32';
  if (type === 'paging') {
    const group = n.replace(/^sips?:/i, '');
    if (/^[1-5]$/.test(group)) return undefined;
    const m = /^(?:\[([0-9a-fA-F:]+)\]|(\d+\.\d+\.\d+\.\d+)):(\d{1,5})$/.exec(group);
    const v4 = m?.[2]?.split('.').map(Number);
    const multicast = v4 ? v4.every((x) => x <= 255) && v4[0]! >= 224 && v4[0]! <= 239 : /^ff/i.test(m?.[1] ?? '');
    const port = Number(m?.[3]);
    return m && multicast && port > 0 && port < 65536 ? undefined : 'a paging group: a Paging slot 1-5, or multicast address:port (224.0.1.75:10000)';
  }
  if (/\s|[<>"]/.test(n)) return 'a number, user@host or sip: URI, without spaces';
  return undefined;
}

/** Field problems of one key of `group` (its index already checked). */
function keyProblems(group: KeyGroup, k: KeySetting | SoftKeySetting, limits: KeyLimits): KeyFieldError[] {
  const at = `${group}.${k.index}.`;
  const errors: KeyFieldError[] = [];
  if (group === 'soft') {
    const values = (k as SoftKeySetting).values;
    if (!Array.isArray(values) || values.length > 4) return [{ key: `${at}values`, reason: 'four soft-key values at most' }];
    values.forEach((v, i) => {
      if (typeof v !== 'string' || !/^[0-9A-Za-z_.-]{0,32}$/.test(v)) errors.push({ key: `${at}values.${i}`, reason: 'a soft-key code: letters, digits, _ . - (up to 32)' });
    });
    return errors;
  }
  const key = k as KeySetting;
  const types: readonly string[] =
    group === 'function' ? Object.keys(PROGRAM_KEY_TYPES) : group === 'line' ? ['line', ...Object.keys(MEMORY_KEY_TYPES)] : Object.keys(MEMORY_KEY_TYPES);
  if (!types.includes(key.type)) errors.push({ key: `${at}type`, reason: `one of ${types.join(', ')}` });
  const a = key.account;
  if (a !== 'auto' && !(Number.isInteger(a) && a >= 1 && a <= limits.accountCount)) {
    errors.push({ key: `${at}account`, reason: `Line 1-${limits.accountCount} or auto` });
  }
  if (typeof key.label !== 'string' || key.label.length > LABEL_MAX || CONTROL.test(key.label)) {
    errors.push({ key: `${at}label`, reason: `up to ${LABEL_MAX} characters, no control characters` });
  }
  const bad = typeof key.number !== 'string' ? 'text' : group === 'function' ? (key.number.length > NUMBER_MAX || CONTROL.test(key.number) ? `up to ${NUMBER_MAX} characters` : undefined) : numberProblem(key.type, key.number);
  if (bad) errors.push({ key: `${at}number`, reason: bad });
  return errors;
}

/**
 * Every problem of a whole layout: indexes in range and unique, every field
 * valid. Keys exactly as in `stored` are not re-judged: an imported file may
 * hold rows the pages would not write (the Elastix templates' blank BLF rows),
 * and saving another key must not be refused for them.
 */
export function checkKeyLayoutView(view: KeyLayoutView, limits: KeyLimits, stored?: KeyLayoutView): KeyFieldError[] {
  const errors: KeyFieldError[] = [];
  const lists: Array<[KeyGroup, Array<KeySetting | SoftKeySetting>]> = [
    ['memory', view.memoryKeys],
    ['line', view.lineKeys],
    ['function', view.functionKeys],
    ['soft', view.softKeys],
    ...view.expansion.map((keys, i): [KeyGroup, KeySetting[]] => [`expansion${i + 1}` as KeyGroup, keys]),
  ];
  if (view.expansion.length > EXPANSION_MODULES) errors.push({ key: 'expansion', reason: `${EXPANSION_MODULES} modules at most` });
  for (const [group, keys] of lists) {
    const base = keyIndexBase(group);
    const size = groupSize(group, limits);
    const seen = new Set<number>();
    for (const k of keys) {
      if (!Number.isInteger(k.index) || k.index < base || k.index >= base + size) {
        const reason = size === 0 ? `this ${group === 'line' ? 'phone' : 'model'} has no ${group.startsWith('expansion') ? 'expansion module' : group + ' keys'}` : `key ${base}-${base + size - 1}`;
        errors.push({ key: `${group}.${k.index}`, reason });
        continue;
      }
      if (seen.has(k.index)) errors.push({ key: `${group}.${k.index}`, reason: 'listed twice' });
      seen.add(k.index);
      if (stored && sameAsStored(stored, group, k)) continue;
      errors.push(...keyProblems(group, k, limits));
    }
  }
  return errors;
}

function sameAsStored(stored: KeyLayoutView, group: KeyGroup, k: KeySetting | SoftKeySetting): boolean {
  const list: Array<KeySetting | SoftKeySetting> =
    group === 'memory' ? stored.memoryKeys : group === 'line' ? stored.lineKeys : group === 'function' ? stored.functionKeys : group === 'soft' ? stored.softKeys : (stored.expansion[Number(group.slice(9)) - 1] ?? []);
  const old = list.find((x) => x.index === k.index);
  return old !== undefined && JSON.stringify(old) === JSON.stringify({ ...old, ...k });
}

/** The stored layout with `view`'s keys in place of its own; attributes we do not name stay with their key. */
function applyView(old: KeyLayout, view: KeyLayoutView): KeyLayout {
  const keep = <T extends { id: number; extra: EsceneAttr[] }>(rows: T[], id: number) => rows.find((r) => r.id === id)?.extra ?? [];
  const memory = (rows: MemoryKey[], base: number) => (k: KeySetting): MemoryKey => ({
    id: k.index - base,
    type: k.type as MemoryKeyType,
    account: k.account,
    number: k.number.trim(),
    name: k.label,
    extra: keep(rows, k.index - base),
  });
  const present = new Set(old.present);
  const mark = (container: string, rows: unknown[]): void => {
    if (rows.length > 0) present.add(container);
  };
  const memoryKeys = view.memoryKeys.map(memory(old.memoryKeys, 1));
  const programKeys = view.functionKeys
    .filter((k) => k.type !== 'default' || k.number.trim() !== '' || k.label !== '')
    .map((k): ProgramKey => ({ id: k.index, type: k.type as ProgramKeyType, account: k.account, number: k.number.trim(), name: k.label, extra: keep(old.programKeys, k.index) }));
  const softRows = view.softKeys
    .map((s) => ({ id: s.index, values: [0, 1, 2, 3].map((i) => s.values[i] || undefined), extra: keep(old.softKeys.rows, s.index) }))
    .filter((r) => r.values.some((v) => v !== undefined) || r.extra.length > 0);
  const expansion = old.expansion.map((keys, i) => (view.expansion[i] ?? []).map(memory(keys, 1)));
  mark('hotlines', memoryKeys);
  mark('ProgramKeys', programKeys);
  mark('SoftKeys', softRows);
  expansion.forEach((keys, i) => mark(expansionNames(i + 1).container, keys));
  const lineRows = view.lineKeys.filter((k) => k.type !== 'line');
  const unknown = old.unknown.filter((s) => s.container !== LINE_KEYS_CONTAINER);
  if (lineRows.length > 0) {
    unknown.push({
      container: LINE_KEYS_CONTAINER,
      attrs: [],
      items: lineRows.map((k) => ({
        tag: LINE_KEY_ELEMENT,
        attrs: [
          { name: 'id', value: String(k.index - 1) },
          { name: 'SipAccounts', value: String(accountToCode(k.account)) },
          { name: 'Type', value: String(MEMORY_KEY_TYPES[k.type as MemoryKeyType]) },
          { name: 'HotlineNum', value: k.number.trim() },
          { name: 'Name', value: k.label },
        ],
      })),
    });
  }
  return {
    ...old,
    memoryKeys,
    programKeys,
    softKeys: { attrs: old.softKeys.attrs, rows: softRows },
    expansion,
    present: [...present],
    unknown,
  };
}

/** Replace the whole layout (all or nothing); the answer is what is stored now. */
export function saveKeyLayoutView(db: PhoneDatabase, view: KeyLayoutView, limits: KeyLimits): KeyEditOutcome {
  const current = keyLayout(db, limits.accountCount);
  const errors = checkKeyLayoutView(view, limits, keyLayoutView(current));
  if (errors.length > 0) return { ok: false, errors };
  db.keptTexts.set(KEPT_KEYS_TEXT, writeKeysFile(applyView(current, view)));
  return { ok: true, view: keyLayoutView(keyLayout(db, limits.accountCount)) };
}

export type KeyPatch = Partial<Omit<KeySetting, 'index'>> & { values?: string[] };

/**
 * Change one key: the fields given replace the stored ones (a key not set yet
 * needs a type); `null` clears it (an unset key does nothing when pressed).
 */
export function editKey(db: PhoneDatabase, at: { group: KeyGroup; index: number }, patch: KeyPatch | null, limits: KeyLimits): KeyEditOutcome {
  const view = keyLayoutView(keyLayout(db, limits.accountCount));
  const { group, index } = at;
  if (group === 'soft') {
    const rows = view.softKeys.filter((r) => r.index !== index);
    if (patch !== null) rows.push({ index, values: patch.values ?? view.softKeys.find((r) => r.index === index)?.values ?? [] });
    return saveKeyLayoutView(db, { ...view, softKeys: rows }, limits);
  }
  const list = (v: KeyLayoutView): KeySetting[] =>
    group === 'memory' ? v.memoryKeys : group === 'line' ? v.lineKeys : group === 'function' ? v.functionKeys : (v.expansion[Number(group.slice(9)) - 1] ?? []);
  const keys = list(view);
  const old = keys.find((k) => k.index === index);
  const rest = keys.filter((k) => k.index !== index);
  if (patch !== null) {
    if (!old && patch.type === undefined) return { ok: false, errors: [{ key: `${group}.${index}.type`, reason: 'a key not set yet needs its type' }] };
    const { values: _values, ...fields } = patch;
    rest.push({ index, type: '', account: 'auto', number: '', label: '', ...old, ...fields });
  }
  const next: KeyLayoutView = { ...view, expansion: view.expansion.map((m) => [...m]) };
  if (group === 'memory') next.memoryKeys = rest;
  else if (group === 'line') next.lineKeys = rest;
  else if (group === 'function') next.functionKeys = rest;
  else next.expansion[Number(group.slice(9)) - 1] = rest;
  return saveKeyLayoutView(db, next, limits);
}
