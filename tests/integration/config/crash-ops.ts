/**
 * The writes the crash-safety child performs, and how the parent replays them on
 * its model of the database. Shared by crash-writer.ts (child) and
 * crash-safety.test.ts (parent) so both agree on what an acknowledged write means.
 *
 * Wire format, one line per event on the child's stdout (written with one
 * write(2) each, so a line is either wholly in the pipe or not there at all):
 *   L                      modules loaded; waiting for a line on stdin to open the database
 *   R                      database open, writes start
 *   I <seq> <op json>      about to write (the intent)
 *   A <seq> <result json>  committed: the write returned
 *   F <seq> <code>         refused by the store (phonebook full, duplicate...): nothing written
 */
import type { Contact, ContactInput, SettingValue } from '../../../src/config/index.js';
import type { SeededRandom } from './seeded-random.js';

export type CrashOp =
  | { op: 'set'; entries: Array<[string, SettingValue]> }
  | { op: 'unset'; keys: string[] }
  | { op: 'add'; contact: ContactInput }
  | { op: 'edit'; id: number; patch: ContactInput }
  | { op: 'del'; id: number };

export interface CrashModel {
  settings: Map<string, SettingValue>;
  contacts: Map<number, Contact>;
}

export const SETTING_KEYS = Array.from({ length: 200 }, (_, i) => `crash.key${String(i).padStart(3, '0')}`);
const NAMES = ['Ann', 'Bob', 'Zoë', 'Ødegaard', '李', 'Nguyễn', "O'Brien", 'Jean-Luc', '', 'Ana María'];

function settingValue(rng: SeededRandom): SettingValue {
  switch (rng.int(0, 2)) {
    case 0:
      return rng.int(-100000, 100000);
    case 1:
      return rng.chance(0.5);
    default:
      return `${rng.pick(NAMES)}-${rng.int(0, 1e9).toString(36)}`.repeat(rng.int(0, 3));
  }
}

function phoneNumber(rng: SeededRandom): string {
  const length = rng.int(0, 19);
  let s = '';
  for (let i = 0; i < length; i++) s += rng.pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']);
  return s;
}

export function randomContact(rng: SeededRandom): ContactInput {
  return {
    firstName: rng.pick(NAMES),
    lastName: rng.pick(NAMES),
    mobile: `1${phoneNumber(rng).slice(1)}`,
    office: phoneNumber(rng),
    other: phoneNumber(rng),
    account: rng.chance(0.5) ? 'auto' : rng.int(1, 3),
    // Sometimes clashes with another contact's speed dial: the store refuses (F line).
    speedDial: rng.chance(0.2) ? rng.int(1, 40) : 0,
    useBlf: rng.chance(0.3),
  };
}

/** The next write, given the contact ids the child knows about. */
export function nextOp(rng: SeededRandom, ids: readonly number[]): CrashOp {
  const r = rng.next();
  if (r < 0.4 || (ids.length === 0 && r < 0.6)) {
    const n = rng.chance(0.05) ? 100 : rng.int(1, 6); // now and then a long transaction
    const entries = new Map<string, SettingValue>();
    for (let i = 0; i < n; i++) entries.set(rng.pick(SETTING_KEYS), settingValue(rng));
    return { op: 'set', entries: [...entries] };
  }
  if (r < 0.45) return { op: 'unset', keys: Array.from({ length: rng.int(1, 4) }, () => rng.pick(SETTING_KEYS)) };
  if (r < 0.7 || ids.length === 0) return { op: 'add', contact: randomContact(rng) };
  if (r < 0.88) {
    const fresh = randomContact(rng);
    const patch: ContactInput = rng.chance(0.5) ? { mobile: fresh.mobile, lastName: fresh.lastName } : fresh;
    return { op: 'edit', id: rng.pick(ids), patch };
  }
  return { op: 'del', id: rng.pick(ids) };
}

function fullContact(id: number, input: ContactInput, base?: Contact): Contact {
  const merged = { ...base, ...input };
  return {
    id,
    firstName: merged.firstName ?? '',
    lastName: merged.lastName ?? '',
    displayName: merged.displayName ?? '',
    mobile: merged.mobile ?? '',
    office: merged.office ?? '',
    other: merged.other ?? '',
    groupId: merged.groupId ?? null,
    groupTwoId: merged.groupTwoId ?? null,
    account: merged.account ?? 'auto',
    speedDial: merged.speedDial ?? 0,
    useBlf: merged.useBlf ?? false,
  };
}

/** Apply a committed op to a copy of the model. `addedId`: the id the store gave an added contact. */
export function applyOp(model: CrashModel, op: CrashOp, addedId?: number): CrashModel {
  const next: CrashModel = { settings: new Map(model.settings), contacts: new Map(model.contacts) };
  switch (op.op) {
    case 'set':
      for (const [k, v] of op.entries) next.settings.set(k, v);
      break;
    case 'unset':
      for (const k of op.keys) next.settings.delete(k);
      break;
    case 'add':
      if (addedId === undefined) throw new Error('applyOp: add without the id');
      next.contacts.set(addedId, fullContact(addedId, op.contact));
      break;
    case 'edit':
      next.contacts.set(op.id, fullContact(op.id, op.patch, model.contacts.get(op.id)));
      break;
    case 'del':
      next.contacts.delete(op.id);
      break;
  }
  return next;
}

/** '' when equal, else the first difference found. */
export function diffModels(expected: CrashModel, actual: CrashModel): string {
  const settingKeys = new Set([...expected.settings.keys(), ...actual.settings.keys()]);
  for (const k of settingKeys) {
    const e = expected.settings.get(k);
    const a = actual.settings.get(k);
    if (e !== a) return `setting ${k}: expected ${JSON.stringify(e)}, found ${JSON.stringify(a)}`;
  }
  const ids = new Set([...expected.contacts.keys(), ...actual.contacts.keys()]);
  for (const id of ids) {
    const e = JSON.stringify(expected.contacts.get(id));
    const a = JSON.stringify(actual.contacts.get(id));
    if (e !== a) return `contact ${id}: expected ${e}, found ${a}`;
  }
  return '';
}
