import type { Contact, PhoneDatabase } from '../../config/index.js';
import type { DialMatch } from './screen-context.js';

/**
 * Phone book matches while dialling (manual §7 Advance > Phone Setting > Call,
 * "Fuzzy Search: fuzzy search someone with the phone book in the idle";
 * registry `call.fuzzySearch`): as digits are typed the LCD lists contacts of
 * the personal and the enterprise phone book whose number starts with them, or
 * whose name starts with the letters on those keys (ITU-T E.161 §2: 2 ABC,
 * 3 DEF, 4 GHI, 5 JKL, 6 MNO, 7 PQRS, 8 TUV, 9 WXYZ) at any word of the name.
 * Number matches come first, then names; personal before enterprise; a number
 * is listed once.
 */
const KEY_OF: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = {};
  const groups = ['', '', 'abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'];
  groups.forEach((letters, digit) => {
    for (const l of letters) out[l] = String(digit);
  });
  return out;
})();

/** Letters that have no decomposition but a plain base (Polish ł, Turkish ı, German ß...). */
const BASE: Readonly<Record<string, string>> = { ł: 'l', ı: 'i', ß: 's', ø: 'o', đ: 'd', æ: 'a', œ: 'o' };

/** The keys a word is typed on: letters by E.161, digits as themselves, anything else is not typeable. */
export function keypadDigits(word: string): string {
  let out = '';
  for (const ch of word.normalize('NFD').toLowerCase()) {
    if (/\p{M}/u.test(ch)) continue; // a combining mark rides on its letter's key
    const base = BASE[ch] ?? ch;
    if (/[0-9*#]/.test(base)) out += base;
    else if (KEY_OF[base]) out += KEY_OF[base];
    else out += ' ';
  }
  return out;
}

function nameOf(c: Contact): string {
  return c.displayName || [c.firstName, c.lastName].filter(Boolean).join(' ');
}

function numbersOf(c: Contact): string[] {
  return [c.mobile, c.office, c.other].filter((n) => n !== '');
}

/** True when one of the name's words, typed on the keypad, starts with `digits`. */
function nameMatches(name: string, digits: string): boolean {
  return keypadDigits(name)
    .split(/ +/)
    .some((w) => w.length > 0 && w.startsWith(digits));
}

export interface PhoneBookSource {
  book: 'personal' | 'enterprise';
  list(): Contact[];
}

export function dialMatches(sources: readonly PhoneBookSource[], digits: string, limit = 10): DialMatch[] {
  if (digits === '' || !/^[0-9*#]+$/.test(digits)) return [];
  const byNumber: DialMatch[] = [];
  const byName: DialMatch[] = [];
  for (const src of sources) {
    for (const c of src.list()) {
      const numbers = numbersOf(c);
      if (numbers.length === 0) continue;
      const name = nameOf(c);
      const hit = numbers.find((n) => n.startsWith(digits));
      if (hit) byNumber.push({ name: name || hit, number: hit, book: src.book });
      else if (name && nameMatches(name, digits)) byName.push({ name, number: numbers[0]!, book: src.book });
    }
  }
  const seen = new Set<string>();
  const out: DialMatch[] = [];
  for (const m of [...byNumber, ...byName]) {
    if (seen.has(m.number)) continue;
    seen.add(m.number);
    out.push(m);
    if (out.length >= limit) break;
  }
  return out;
}

/** The two books of a phone's database, personal first. */
export function phoneBooks(db: PhoneDatabase): PhoneBookSource[] {
  return [
    { book: 'personal', list: () => db.contacts.list() },
    { book: 'enterprise', list: () => db.enterprise.list() },
  ];
}

/** A caller's name from the phone book (personal, then enterprise), if the number is there. */
export function nameForNumber(db: PhoneDatabase | undefined, number: string): string | undefined {
  const c = db?.contacts.findByNumber(number) ?? db?.enterprise.findByNumber(number);
  return (c && nameOf(c)) || undefined;
}
