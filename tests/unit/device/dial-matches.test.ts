/**
 * Proves the phone book matches while dialling (manual §7 "Fuzzy Search",
 * registry `call.fuzzySearch`): number prefixes and names by the letters on the
 * keys (ITU-T E.161: 2 ABC ... 9 WXYZ) at the start of any word, from the
 * personal and the enterprise phone book; numbers first, each number once;
 * Up/Down choose among them on the dialling screen and Send dials the one
 * chosen; with the setting off there are none.
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/config/index.js';
import { dialMatches, keypadDigits } from '../../../src/device/index.js';
import { makeDevice } from './fake-phone.js';

function contact(c: Partial<Contact>): Contact {
  return { id: 1, firstName: '', lastName: '', displayName: '', mobile: '', office: '', other: '', groupId: null, groupTwoId: null, account: 'auto', speedDial: 0, useBlf: false, ...c };
}

describe('keypadDigits (E.161 letters)', () => {
  it('letters to their keys, accents and Polish/Turkish letters to their base key', () => {
    expect(keypadDigits('Alice')).toBe('25423');
    expect(keypadDigits('Łukasz Şahin')).toBe('585279 72446');
    expect(keypadDigits('José')).toBe('5673');
    expect(keypadDigits('Ö-Z 12')).toBe('6 9 12');
  });
});

describe('dialMatches', () => {
  const personal = [
    contact({ id: 1, firstName: 'Dave', lastName: 'Smith', office: '2001' }),
    contact({ id: 2, firstName: 'Bea', mobile: '7640', other: '3283' }),
    contact({ id: 3, displayName: 'Anna Zeta', mobile: '9999' }),
  ];
  const enterprise = [contact({ id: 9, firstName: 'Reception', office: '2000' }), contact({ id: 10, firstName: 'Dup', office: '2001' })];
  const books = [
    { book: 'personal' as const, list: () => personal },
    { book: 'enterprise' as const, list: () => enterprise },
  ];

  it('number prefixes first (personal, then enterprise), then names; a number once', () => {
    expect(dialMatches(books, '200')).toEqual([
      { name: 'Dave Smith', number: '2001', book: 'personal' },
      { name: 'Reception', number: '2000', book: 'enterprise' },
    ]);
  });

  it('names by the keys of their letters, at the start of any word of the name', () => {
    expect(dialMatches(books, '76').map((m) => m.name)).toEqual(['Bea', 'Dave Smith']); // Bea by her number 7640, Dave by "Sm"ith
    expect(dialMatches(books, '328').map((m) => [m.name, m.number])).toEqual([
      ['Bea', '3283'], // a number first
      ['Dave Smith', '2001'], // "Dav"e
    ]);
    expect(dialMatches(books, '93').map((m) => m.name)).toEqual(['Anna Zeta']); // "Ze"ta, a second word
    expect(dialMatches(books, '26').map((m) => m.name)).toEqual(['Anna Zeta']); // "An"na
    expect(dialMatches(books, '4')).toEqual([]);
  });

  it('nothing for an empty entry or a limit of results', () => {
    expect(dialMatches(books, '')).toEqual([]);
    expect(dialMatches(books, '2', 1)).toHaveLength(1);
  });
});

describe('on the dialling screen', () => {
  it('off by default; with Fuzzy Search on, matches show under the number and follow the cursor', async () => {
    const { device, db, settings, phone } = makeDevice();
    db.contacts.add({ firstName: 'Carl', office: '2271' });
    db.contacts.add({ firstName: 'Cara', office: '2272' });
    db.enterprise.replaceAll({ groups: [], contacts: [{ firstName: 'Bart', office: '5555' }] });
    await device.keys('22');
    expect(device.snapshot().lines.slice(1)).toEqual(['22', '', '']);
    await device.press('soft4');
    settings.set('call.fuzzySearch', true);
    await device.keys('22');
    // 22: numbers 2271, 2272; names "Ca"rl, "Ca"ra by letters (same numbers); "Ba"rt = 22
    expect(device.snapshot().lines).toEqual(['Dial:', '22', 'Carl  2271', 'Cara  2272']);
    await device.keys('{down}{down}{down}');
    expect(device.snapshot().lines.slice(2)).toEqual(['Cara  2272', 'Bart  5555']);
    expect(device.snapshot().selected).toBe(3);
    await device.press('soft1');
    expect(phone.commands('dial')[0]?.args[0]).toBe('5555');
  });

  it('typing narrows the list; without a selection Send dials the digits', async () => {
    const { device, db, settings, phone } = makeDevice();
    settings.set('call.fuzzySearch', true);
    db.contacts.add({ firstName: 'Ola', office: '111' });
    await device.keys('6');
    expect(device.snapshot().lines[2]).toBe('Ola  111');
    await device.keys('5');
    expect(device.snapshot().lines[2]).toBe('Ola  111');
    await device.keys('3');
    expect(device.snapshot().lines[2]).toBe('');
    await device.press('soft1');
    expect(phone.commands('dial')[0]?.args[0]).toBe('653');
  });
});
