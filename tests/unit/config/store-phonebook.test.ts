/**
 * Personal phonebook, groups and enterprise phonebook (src/config/store) — proves:
 *  - 300 contacts fit; the 301st is refused with CFG_PHONEBOOK_FULL "phonebook full
 *    (300)" and nothing is written; an addMany that does not fit writes none of its rows;
 *  - numbers: 19 characters are stored, 20 are refused (manual: "the size of number is
 *    19 byte"); spaces and control characters are refused; every field is length-checked;
 *  - duplicates: an existing id, a used speed-dial id, a group name → CFG_DUPLICATE;
 *    unknown ids → CFG_NOT_FOUND; a contact pointing at a missing group → CFG_NOT_FOUND;
 *  - deleting a group puts its contacts in group None; every Escene `book` field
 *    (GroupNameTwo, speedid, accountid, ISUseBLF, Username) round-trips;
 *  - search: prefix of first name, last name, "first last" or any number, case-
 *    insensitive, sorted by name, limited; % and _ are literal, not wildcards;
 *  - enterprise: 800 entries fit, a download of 801 is refused and the old book stays;
 *    a download with one bad entry is refused whole (one transaction).
 */
import { describe, expect, it } from 'vitest';
import { type ContactInput, ENTERPRISE_MAX, openMemoryPhoneDatabase } from '../../../src/config/index.js';

function errorOf(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error');
}

const person = (i: number): ContactInput => ({ firstName: `First${i}`, lastName: `Last${i}`, mobile: `1${String(i).padStart(4, '0')}` });

describe('personal phonebook', () => {
  it('holds 300 contacts and refuses the 301st with "phonebook full (300)", writing nothing', () => {
    const db = openMemoryPhoneDatabase();
    db.contacts.addMany(Array.from({ length: 299 }, (_, i) => person(i)));
    db.contacts.add(person(299));
    expect(db.contacts.count()).toBe(300);
    const err = errorOf(() => db.contacts.add(person(300)));
    expect(err.code).toBe('CFG_PHONEBOOK_FULL');
    expect(err.message).toContain('phonebook full (300)');
    expect(db.contacts.count()).toBe(300);
    expect(db.contacts.search('First300')).toEqual([]);
    db.contacts.remove(db.contacts.list()[0]!.id);
    db.contacts.add(person(300));
    expect(db.contacts.count()).toBe(300);
  });

  it('refuses an addMany that does not fit, whole', () => {
    const db = openMemoryPhoneDatabase();
    db.contacts.addMany(Array.from({ length: 295 }, (_, i) => person(i)));
    const err = errorOf(() => db.contacts.addMany(Array.from({ length: 6 }, (_, i) => person(1000 + i))));
    expect(err.code).toBe('CFG_PHONEBOOK_FULL');
    expect(err.message).toContain('295 stored, 6 more do not fit');
    expect(db.contacts.count()).toBe(295);
    // A batch whose last row is invalid writes none of the rows before it.
    expect(errorOf(() => db.contacts.addMany([person(2000), { firstName: 'x', mobile: '1'.repeat(20) }])).code).toBe('CFG_INVALID');
    expect(db.contacts.count()).toBe(295);
  });

  it('stores 19-character numbers and refuses longer ones, spaces, control characters and long names', () => {
    const db = openMemoryPhoneDatabase();
    const ok = db.contacts.add({ firstName: 'Max', mobile: '1'.repeat(19), office: '+33*12#', other: '100@pbx' });
    expect(db.contacts.get(ok.id)?.mobile).toBe('1'.repeat(19));
    const cases: ContactInput[] = [
      { firstName: 'A', mobile: '1'.repeat(20) },
      { firstName: 'A', office: '555 1234' },
      { firstName: 'A\u0007', mobile: '1' },
      { firstName: 'x'.repeat(33), mobile: '1' },
      { firstName: 'A', account: 0 },
      { firstName: 'A', speedDial: 1000 },
      {},
      { firstName: '   ' },
    ];
    for (const input of cases) {
      const err = errorOf(() => db.contacts.add(input));
      expect(err.code, JSON.stringify(input)).toBe('CFG_INVALID');
    }
    expect(errorOf(() => db.contacts.add({ firstName: 'A', office: '555 1234' })).message).toContain('office');
    expect(db.contacts.count()).toBe(1);
    expect(db.contacts.add({ firstName: 'x'.repeat(32) }).firstName).toHaveLength(32); // a name alone is a contact
  });

  it('refuses duplicates and unknown ids, checks group references', () => {
    const db = openMemoryPhoneDatabase();
    const a = db.contacts.add({ id: 5, firstName: 'Ann', mobile: '100', speedDial: 3 });
    expect(a.id).toBe(5);
    expect(errorOf(() => db.contacts.add({ id: 5, firstName: 'Bob', mobile: '101' })).code).toBe('CFG_DUPLICATE');
    expect(errorOf(() => db.contacts.add({ firstName: 'Bob', mobile: '101', speedDial: 3 })).message).toContain('speed dial 3');
    const b = db.contacts.add({ firstName: 'Bob', mobile: '101' });
    expect(b.id).toBe(6);
    expect(errorOf(() => db.contacts.update(b.id, { speedDial: 3 })).code).toBe('CFG_DUPLICATE');
    expect(db.contacts.update(a.id, { speedDial: 3, lastName: 'Lee' }).lastName).toBe('Lee'); // its own speed dial
    expect(errorOf(() => db.contacts.update(99, { firstName: 'X' })).code).toBe('CFG_NOT_FOUND');
    expect(errorOf(() => db.contacts.remove(99)).code).toBe('CFG_NOT_FOUND');
    expect(errorOf(() => db.contacts.add({ firstName: 'C', mobile: '1', groupId: 42 })).code).toBe('CFG_NOT_FOUND');
    expect(db.contacts.count()).toBe(2);
  });

  it('keeps every Escene book field, and puts contacts of a deleted group in None', () => {
    const db = openMemoryPhoneDatabase();
    const sales = db.groups.add({ id: 0, name: 'Sales', description: 'EMEA', ringType: 'Ring3' });
    const vip = db.groups.add({ name: 'VIP' });
    expect(sales.id).toBe(0); // FusionPBX files start at 0
    expect(errorOf(() => db.groups.add({ name: 'Sales' })).code).toBe('CFG_DUPLICATE');
    expect(errorOf(() => db.groups.update(vip.id, { name: 'Sales' })).code).toBe('CFG_DUPLICATE');
    expect(errorOf(() => db.groups.add({ name: '' })).code).toBe('CFG_INVALID');
    const c = db.contacts.add({
      firstName: 'Ann',
      lastName: 'Lee',
      displayName: 'Ann Lee',
      mobile: '0611',
      office: '2001',
      other: '9',
      groupId: sales.id,
      groupTwoId: vip.id,
      account: 2,
      speedDial: 7,
      useBlf: true,
    });
    expect(db.contacts.get(c.id)).toEqual({
      id: c.id,
      firstName: 'Ann',
      lastName: 'Lee',
      displayName: 'Ann Lee',
      mobile: '0611',
      office: '2001',
      other: '9',
      groupId: 0,
      groupTwoId: vip.id,
      account: 2,
      speedDial: 7,
      useBlf: true,
    });
    expect(db.groups.byName('Sales')).toEqual({ id: 0, name: 'Sales', description: 'EMEA', ringType: 'Ring3' });
    db.groups.remove(sales.id);
    expect(db.contacts.get(c.id)).toMatchObject({ groupId: null, groupTwoId: vip.id });
    expect(db.contacts.update(c.id, { account: 'auto' }).account).toBe('auto');
  });

  it('searches by name or number prefix, case-insensitively, sorted and limited', () => {
    const db = openMemoryPhoneDatabase();
    db.contacts.addMany([
      { firstName: 'Anna', lastName: 'Zeller', mobile: '0612345' },
      { firstName: 'Bob', lastName: 'Annan', office: '2001' },
      { firstName: 'Carl', lastName: 'Berg', other: '20015' },
      { firstName: '100%', lastName: 'Pure', mobile: '3' },
      { firstName: 'Dora', lastName: 'X_Y', mobile: '4' },
    ]);
    const names = (text: string, limit?: number): string[] =>
      db.contacts.search(text, limit === undefined ? {} : { limit }).map((c) => `${c.firstName} ${c.lastName}`);
    expect(names('ann')).toEqual(['Bob Annan', 'Anna Zeller']); // sorted by last name
    expect(names('2001')).toEqual(['Bob Annan', 'Carl Berg']);
    expect(names('061')).toEqual(['Anna Zeller']);
    expect(names('carl b')).toEqual(['Carl Berg']);
    expect(names('%')).toEqual([]);
    expect(names('100%')).toEqual(['100% Pure']);
    expect(names('X_')).toEqual(['Dora X_Y']);
    expect(names('XAY')).toEqual([]);
    expect(names('', 2)).toHaveLength(2);
    expect(db.contacts.findByNumber('2001')?.firstName).toBe('Bob');
    expect(db.contacts.findByNumber('200')).toBeUndefined();
  });
});

describe('enterprise phonebook', () => {
  it(`holds ${ENTERPRISE_MAX} entries; a bigger download is refused and the old book stays`, () => {
    const db = openMemoryPhoneDatabase();
    const download = {
      groups: [{ id: 1, name: 'Staff' }],
      contacts: Array.from({ length: ENTERPRISE_MAX }, (_, i) => ({ ...person(i), groupId: 1 })),
    };
    expect(db.enterprise.replaceAll(download)).toEqual({ groups: 1, contacts: 800 });
    expect(db.enterprise.count()).toBe(800);
    const tooBig = { groups: [], contacts: Array.from({ length: 801 }, (_, i) => person(i)) };
    const err = errorOf(() => db.enterprise.replaceAll(tooBig));
    expect(err.code).toBe('CFG_ENTERPRISE_FULL');
    expect(err.message).toContain('enterprise phonebook full (800)');
    expect(db.enterprise.count()).toBe(800);
    expect(db.enterprise.groups()).toEqual([{ id: 1, name: 'Staff', description: '', ringType: '' }]);
    expect(db.enterprise.search('First79')).toHaveLength(11);
    expect(db.contacts.count()).toBe(0); // the personal book is another table
  });

  it('refuses a download with one bad entry as a whole', () => {
    const db = openMemoryPhoneDatabase();
    db.enterprise.replaceAll({ groups: [], contacts: [{ firstName: 'Old', office: '1' }] });
    const bad = { groups: [{ id: 1, name: 'New' }], contacts: [{ firstName: 'New', office: '2', groupId: 1 }, { firstName: 'Bad', office: '1'.repeat(20) }] };
    expect(errorOf(() => db.enterprise.replaceAll(bad)).code).toBe('CFG_INVALID');
    const dangling = { groups: [], contacts: [{ firstName: 'New', office: '2', groupId: 9 }] };
    expect(errorOf(() => db.enterprise.replaceAll(dangling)).code).toBe('CFG_NOT_FOUND');
    expect(db.enterprise.list().map((c) => c.firstName)).toEqual(['Old']);
    expect(db.enterprise.groups()).toEqual([]);
    db.enterprise.clear();
    expect(db.enterprise.count()).toBe(0);
  });
});
