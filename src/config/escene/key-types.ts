/**
 * Code tables of the Extern keys file (escene-formats.md §4, from FusionPBX's key
 * tables and its unmerged escene.php, S5/S6). The XML carries the numeric code; the
 * model and every surface use the name. A code not listed here is reported, never
 * mapped to a guess (codes 0, 10 and 12+ of memory keys have no public meaning).
 */

/** Memory keys (`hotline`, expansion `extension*`): manual §7 Programmable Keys / Expansion Module. */
export const MEMORY_KEY_TYPES = {
  blf: 1,
  'speed-dial-prefix': 2,
  bla: 3,
  dtmf: 4,
  'speed-dial': 5,
  paging: 6,
  park: 7,
  intercom: 8,
  pickup: 9,
  'broadsoft-group': 11,
} as const;

export type MemoryKeyType = keyof typeof MEMORY_KEY_TYPES;

/** Fixed-key remapping (`ProgramKey`, and the older `Programbutton`). */
export const PROGRAM_KEY_TYPES = {
  default: 0,
  redial: 1,
  dnd: 2,
  contacts: 3,
  'enterprise-phonebook': 4,
  ldap: 5,
  directory: 6,
  'speed-dial': 7,
  'call-list': 8,
  'missed-calls': 9,
  'received-calls': 10,
  'dialed-calls': 11,
  menu: 12,
  sms: 13,
  'new-sms': 14,
  'call-forward': 15,
  status: 16,
  'account-toggle': 17,
  'xml-browser': 18,
  'auto-provision': 19,
  'hot-desking': 20,
} as const;

export type ProgramKeyType = keyof typeof PROGRAM_KEY_TYPES;

/** Which physical key a `ProgramKey id` remaps (escene-formats.md §4). */
export const PROGRAM_KEY_IDS = [
  'idle-softkey-1', 'idle-softkey-2', 'idle-softkey-3', 'idle-softkey-4',
  'up', 'down', 'left', 'right', 'ok',
  'conference', 'redial', 'transfer', 'hold', 'service', 'directories', 'menu', 'mute', 'message',
] as const;

export type ProgramKeyName = (typeof PROGRAM_KEY_IDS)[number];

function inverse<T extends string>(table: Record<T, number>): Map<number, T> {
  return new Map(Object.entries(table).map(([name, code]) => [code as number, name as T]));
}

const MEMORY_BY_CODE = inverse<MemoryKeyType>(MEMORY_KEY_TYPES);
const PROGRAM_BY_CODE = inverse<ProgramKeyType>(PROGRAM_KEY_TYPES);

export function memoryKeyTypeOf(code: number): MemoryKeyType | undefined {
  return MEMORY_BY_CODE.get(code);
}

export function programKeyTypeOf(code: number): ProgramKeyType | undefined {
  return PROGRAM_BY_CODE.get(code);
}

/** `SipAccounts` / `accountid` 127: "no particular account, the phone picks" (escene-formats.md §4). */
export const AUTO_ACCOUNT_CODE = 127;

/**
 * The line a key or contact uses: 1-based like the manual's "Line 1" (and the
 * phonebook store), or 'auto'. The XML holds the 0-based index, 127 for auto.
 */
export type EsceneAccount = number | 'auto';

export function accountFromCode(code: number): EsceneAccount {
  return code === AUTO_ACCOUNT_CODE ? 'auto' : code + 1;
}

export function accountToCode(account: EsceneAccount): number {
  return account === 'auto' ? AUTO_ACCOUNT_CODE : account - 1;
}
