/**
 * Where every key of the ES320/ES330 face sits (manual §3 figure 3.1), in em
 * units of the phone body (the body is 99 × 78 em; the page sets 1 em from the
 * window size, so the phone scales while the LCD stays pixel-exact).
 *
 *  ┌────────┬──────────────────────────────────────────────────────────┐
 *  │        │ labels P1-P6 │ keys │   LCD 128×64   │ keys │ labels P7-P12 │
 *  │        │              │      │  soft keys 1-4 │      │              │
 *  │handset │ LINE 1-3 │ MENU DIR SERVICE │ nav+OK │ CONF XFER HOLD │ HEADSET MUTE MSG │
 *  │        │ grille   │ VOL+/- │  keypad 3×4  │ C REDIAL │ SPEAKER      │
 *  └────────┴──────────────────────────────────────────────────────────┘
 *
 * Programmable keys: "On the left top to bottom: 1, 2, 3, 4, 5, 6; on the right
 * top to bottom: 7, 8, 9, 10, 11, 12" (manual §3, item 16).
 */
export type KeyStyle = 'keypad' | 'function' | 'line' | 'soft' | 'programmable' | 'round' | 'speaker' | 'volume';
export type KeyIcon = 'headset' | 'mute' | 'message' | 'speaker' | 'volUp' | 'volDown';

export interface KeySpot {
  /** Device key id (src/device keys.ts). */
  key: string;
  label: string;
  /** Small text under the label (keypad letters). */
  sub?: string;
  icon?: KeyIcon;
  style: KeyStyle;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The LED this key carries (src/device leds.ts ids). */
  led?: string;
  /** Keyboard shortcut shown in the tooltip. */
  shortcut?: string;
}

export const BODY = { w: 99, h: 78 } as const;
export const HANDSET_AREA = { x: 2, y: 4, w: 19, h: 70 } as const;
/** The LCD window and the CSS pixels per LCD pixel it is drawn for (× 1 em). */
export const LCD_AREA = { x: 37, y: 4, w: 46, h: 24.5 } as const;
export const LCD_EM_PER_PIXEL = 0.325;
export const NAV = { cx: 60, cy: 42.9, r: 6.6, ok: 2.6 } as const;
export const LIGHT_STRIP = { x: 71, y: 1.1, w: 25, h: 1.1 } as const;
export const GRILLE = { x: 24, y: 52.4, w: 12, h: 22.2 } as const;

const ROW3 = [36.2, 40.9, 45.6];
const KEYPAD_LETTERS: Record<string, string> = {
  '1': '', '2': 'ABC', '3': 'DEF', '4': 'GHI', '5': 'JKL', '6': 'MNO', '7': 'PQRS', '8': 'TUV', '9': 'WXYZ', '*': '', '0': '+', '#': 'SEND',
};

function keypad(): KeySpot[] {
  const order = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
  return order.map((k, i) => ({
    key: k,
    label: k === '*' ? '✱' : k,
    sub: KEYPAD_LETTERS[k],
    style: 'keypad',
    x: 49.2 + (i % 3) * 7.6,
    y: 52.4 + Math.floor(i / 3) * 5.8,
    w: 6.4,
    h: 4.8,
    shortcut: k,
  }));
}

function programmable(): KeySpot[] {
  return Array.from({ length: 12 }, (_, i) => ({
    key: `p${i + 1}`,
    label: '',
    style: 'programmable' as const,
    x: i < 6 ? 32 : 84,
    y: 4.4 + (i % 6) * 4.05,
    w: 3.4,
    h: 3.1,
    led: `p${i + 1}`,
  }));
}

/** The keys of a model (ES320: two line keys). */
export function faceKeys(model: 'ES320' | 'ES330'): KeySpot[] {
  const lines = model === 'ES320' ? 2 : 3;
  const fn = (key: string, label: string, x: number, y: number, extra: Partial<KeySpot> = {}): KeySpot => ({
    key, label, style: 'function', x, y, w: 11.5, h: 3.6, ...extra,
  });
  return [
    ...programmable(),
    ...[0, 1, 2, 3].map((i) => ({
      key: `soft${i + 1}`, label: '', style: 'soft' as const, x: 39.2 + i * 10.45, y: 30.2, w: 9.4, h: 2.6, shortcut: `F${i + 1}`,
    })),
    ...Array.from({ length: lines }, (_, i) => ({
      key: `line${i + 1}`, label: `LINE ${i + 1}`, style: 'line' as const, x: 24, y: ROW3[i]!, w: 11.5, h: 3.6, led: `line${i + 1}`,
    })),
    fn('menu', 'MENU', 38, ROW3[0]!),
    fn('directory', 'DIRECTORIES', 38, ROW3[1]!),
    fn('service', 'SERVICE', 38, ROW3[2]!),
    fn('conference', 'CONFERENCE', 70.5, ROW3[0]!),
    fn('transfer', 'TRANSFER', 70.5, ROW3[1]!),
    fn('hold', 'HOLD', 70.5, ROW3[2]!),
    fn('headset', 'HEADSET', 84.5, ROW3[0]!, { icon: 'headset', led: 'headset' }),
    fn('mute', 'MUTE', 84.5, ROW3[1]!, { icon: 'mute', led: 'mute' }),
    fn('message', 'MESSAGE', 84.5, ROW3[2]!, { icon: 'message', led: 'message' }),
    { key: 'volUp', label: '+', style: 'volume', icon: 'volUp', x: 38.5, y: 52.4, w: 8, h: 4.6, shortcut: '+' },
    { key: 'volDown', label: '−', style: 'volume', icon: 'volDown', x: 38.5, y: 57.2, w: 8, h: 4.6, shortcut: '-' },
    ...keypad(),
    { key: 'c', label: 'C', style: 'round', x: 73.6, y: 52.4, w: 6.4, h: 4.8, shortcut: 'Esc' },
    fn('redial', 'REDIAL', 73.2, 58.2, { w: 7.2 }),
    { key: 'speaker', label: 'SPEAKER', style: 'speaker', icon: 'speaker', x: 84.5, y: 64, w: 11.5, h: 10.6, led: 'speaker' },
  ];
}

/** The navigation ring's four keys and OK. */
export const NAV_KEYS = [
  { key: 'up', label: 'Up', angle: -90, shortcut: '↑' },
  { key: 'right', label: 'Right', angle: 0, shortcut: '→' },
  { key: 'down', label: 'Down', angle: 90, shortcut: '↓' },
  { key: 'left', label: 'Left', angle: 180, shortcut: '←' },
] as const;

/** An EMS32 expansion module: 32 keys in two columns of 16 (manual §1), beside the phone. */
export const MODULE = { w: 25, h: 78, keys: 32, rowPitch: 4.35, top: 4 } as const;
