/**
 * The computer keyboard as the phone's keys (issue #5): digits, * and #,
 * Enter = OK (sends a number being dialed), Esc / Backspace = C (held ≥ 1 s:
 * clears the whole number), arrows = navigation, F1–F4 = soft keys, space =
 * the handset hook, + / − = volume.
 */
export const KEYBOARD_SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['0–9 * #', 'keypad'],
  ['Enter', 'OK / send'],
  ['Esc, Backspace', 'C (hold 1 s: clear)'],
  ['← ↑ → ↓', 'navigation'],
  ['F1–F4', 'soft keys'],
  ['Space', 'handset on / off hook'],
  ['+ −', 'volume'],
];

/** The device key for a keyboard event, or undefined when the key means nothing to the phone. */
export function keyForEvent(ev: KeyboardEvent): string | undefined {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return undefined;
  const k = ev.key;
  if (/^[0-9*#]$/.test(k)) return k;
  switch (k) {
    case 'Enter':
      return 'ok';
    case 'Escape':
    case 'Backspace':
      return 'c';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'F1':
    case 'F2':
    case 'F3':
    case 'F4':
      return `soft${k.slice(1)}`;
    case ' ':
      return 'hook';
    case '+':
      return 'volUp';
    case '-':
      return 'volDown';
    default:
      return undefined;
  }
}

/** Keys sent when released, with how long they were held (C: a long press clears the number). */
export const SENT_ON_RELEASE: ReadonlySet<string> = new Set(['c']);
