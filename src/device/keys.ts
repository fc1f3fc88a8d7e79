import type { PhoneModel } from '../phone/index.js';

/**
 * The keys of the ES320/ES330 (manual §3 figure 3.1): keypad, navigation, soft
 * keys, line keys (2 on the ES320, 3 on the ES330), the 12 programmable keys,
 * the fixed function keys and the handset hook.
 */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';
export type NavigationKey = 'up' | 'down' | 'left' | 'right' | 'ok' | 'c';
export type SoftKey = 'soft1' | 'soft2' | 'soft3' | 'soft4';
export type LineKey = 'line1' | 'line2' | 'line3';
export type ProgrammableKey = `p${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12}`;
export type FunctionKey =
  | 'headset'
  | 'mute'
  | 'message'
  | 'service'
  | 'directory'
  | 'menu'
  | 'volUp'
  | 'volDown'
  | 'conference'
  | 'redial'
  | 'transfer'
  | 'hold'
  | 'speaker';
/** The handset: lifted (hookOff), put back (hookOn), or flipped (hook). */
export type HookKey = 'hookOff' | 'hookOn' | 'hook';

export type DeviceKey = KeypadKey | NavigationKey | SoftKey | LineKey | ProgrammableKey | FunctionKey | HookKey;

export const KEYPAD_KEYS: readonly KeypadKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
export const FUNCTION_KEYS: readonly FunctionKey[] = [
  'headset', 'mute', 'message', 'service', 'directory', 'menu', 'volUp', 'volDown', 'conference', 'redial', 'transfer', 'hold', 'speaker',
];
export const PROGRAMMABLE_KEY_COUNT = 12;

/** Line keys per model (manual §1 "Line 2 (320 model); 3 (330 model)"). */
export function lineKeyCount(model: PhoneModel): number {
  return model === 'ES320' ? 2 : 3;
}

/** Every key the model has, in the order of the face. */
export function keysOf(model: PhoneModel): DeviceKey[] {
  return [
    ...KEYPAD_KEYS,
    'up', 'down', 'left', 'right', 'ok', 'c',
    'soft1', 'soft2', 'soft3', 'soft4',
    ...Array.from({ length: lineKeyCount(model) }, (_, i) => `line${i + 1}` as LineKey),
    ...Array.from({ length: PROGRAMMABLE_KEY_COUNT }, (_, i) => `p${i + 1}` as ProgrammableKey),
    ...FUNCTION_KEYS,
    'hookOff', 'hookOn', 'hook',
  ];
}

/** Other names callers use (REST, keyboard shortcuts): any case. */
const ALIASES: Record<string, DeviceKey> = {
  cancel: 'c', back: 'c', clear: 'c', esc: 'c', enter: 'ok',
  f1: 'soft1', f2: 'soft2', f3: 'soft3', f4: 'soft4',
  volumeup: 'volUp', volumedown: 'volDown', 'vol+': 'volUp', 'vol-': 'volDown',
  offhook: 'hookOff', onhook: 'hookOn', handset: 'hook',
  dir: 'directory', directories: 'directory', conf: 'conference', xfer: 'transfer', msg: 'message', messages: 'message',
  star: '*', hash: '#', pound: '#',
};

const CANONICAL = new Map<string, DeviceKey>(keysOf('ES330').map((k) => [k.toLowerCase(), k]));

/** A key by any of its names, or undefined. */
export function parseKey(name: string): DeviceKey | undefined {
  const n = name.trim().toLowerCase();
  return CANONICAL.get(n) ?? ALIASES[n];
}

/**
 * A typed sequence: keypad characters stand for themselves, other keys are
 * named in braces ("1002#", "{menu}{down}{ok}", "{hookOff}1002{ok}"). Returns the
 * keys, or the first name that is not a key.
 */
export function parseKeySequence(text: string): { ok: true; keys: DeviceKey[] } | { ok: false; reason: string } {
  const keys: DeviceKey[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/[0-9*#]/.test(ch)) {
      keys.push(ch as KeypadKey);
    } else if (ch === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) return { ok: false, reason: `unclosed "{" at ${i}` };
      const name = text.slice(i + 1, end);
      const key = parseKey(name);
      if (!key) return { ok: false, reason: `"${name}" is not a key` };
      keys.push(key);
      i = end;
    } else if (!/\s/.test(ch)) {
      return { ok: false, reason: `"${ch}" is not a keypad key (name other keys in braces: {ok})` };
    }
  }
  return { ok: true, keys };
}

export function isKeypadKey(k: DeviceKey): k is KeypadKey {
  return /^[0-9*#]$/.test(k);
}

export function softKeyIndex(k: DeviceKey): number | undefined {
  return /^soft[1-4]$/.test(k) ? Number(k.slice(4)) - 1 : undefined;
}

export function lineKeyNumber(k: DeviceKey): number | undefined {
  return /^line[1-3]$/.test(k) ? Number(k.slice(4)) : undefined;
}

export function programmableKeyNumber(k: DeviceKey): number | undefined {
  return /^p([1-9]|1[0-2])$/.test(k) ? Number(k.slice(1)) : undefined;
}
