/**
 * Proves Phone book (manual §5 "Using the phone book"): MENU > Phone book >
 * Personal phone book > View all (Dial, Add, Del; OK edits), Add contact with
 * multi-tap text (Name, NO.1-3, Group; Save), edit and delete, Add / Modify /
 * Delete group, a group's own list, Search; the Enterprise phone book (view and
 * dial); LDAP search by name and by number against a fake directory, and the
 * "not configured" path.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry, DirectorySearch } from '../../../src/device/index.js';
import { makeDevice } from './fake-phone.js';
import { choose, follow } from './menu-driver.js';

describe('Personal phone book', () => {
  it('lists its items in order: View all, Search, Add contact, Add group, Modify group, Delete group, then the groups', async () => {
    const t = makeDevice();
    t.db.groups.add({ name: 'Family' });
    await follow(t.device, ['Phone book', 'Personal phone book']);
    const labels: string[] = [];
    for (let i = 0; i < 7; i++) {
      const s = t.device.snapshot();
      labels.push(s.lines[s.selected!]!.replace(/^\d+\./, ''));
      await t.device.press('down');
    }
    expect(labels).toEqual(['View all', 'Search', 'Add contact', 'Add group', 'Modify group', 'Delete group', 'Family']);
  });

  it('Add contact: Name by multi-tap, NO.1, NO.2, Group; Save writes the phone book', async () => {
    const t = makeDevice();
    t.db.groups.add({ name: 'Work' });
    await follow(t.device, ['Phone book', 'Personal phone book', 'Add contact'], { clock: t.clock });
    expect(t.device.snapshot().lines).toEqual(['Add contact', 'Name', 'NO.1', 'NO.2']);
    await t.device.press('ok'); // Name, starts in ABC
    await t.device.keys('33'); // E
    await t.clock.advanceAsync(1100);
    await t.device.press('soft2'); // abc
    await t.device.keys('888'); // v
    await t.clock.advanceAsync(1100);
    await t.device.keys('33'); // e
    expect(t.device.snapshot().lines[1]).toBe('Eve');
    await t.device.press('soft1');
    await choose(t.device, 'NO.1', t.clock);
    await t.device.keys('3001{ok}');
    await choose(t.device, 'NO.2', t.clock);
    await t.device.keys('3002{ok}');
    await choose(t.device, 'Group', t.clock);
    await choose(t.device, 'Work', t.clock);
    await t.device.press('soft1'); // Save
    expect(t.device.snapshot().notice).toBe('Saved');
    const [c] = t.db.contacts.list();
    expect(c).toMatchObject({ firstName: 'Eve', mobile: '3001', office: '3002', groupId: t.db.groups.byName('Work')!.id });
  });

  it('"Press DIR soft key > Personal phone book > View all", then the Add soft key opens Add contact', async () => {
    const t = makeDevice();
    await t.device.press('soft2'); // DIR in idle
    expect(t.device.snapshot().menuPath).toEqual(['Menu', 'Phone book']);
    await choose(t.device, 'Personal phone book');
    await choose(t.device, 'View all');
    expect(t.device.snapshot().lines[1]).toBe('(empty)');
    expect(t.device.snapshot().softKeys).toEqual(['', 'Add', '', 'Back']);
    await t.device.press('soft2');
    expect(t.device.snapshot().menuPath?.at(-1)).toBe('Add contact');
  });

  it('Save with nothing typed is refused; Back leaves without writing', async () => {
    const t = makeDevice();
    await follow(t.device, ['Phone book', 'Personal phone book', 'Add contact']);
    await t.device.press('soft1');
    expect(t.device.snapshot().notice).toBe('Name or number needed');
    await t.device.press('soft4');
    expect(t.db.contacts.count()).toBe(0);
  });

  it('View all: Dial (Call options for several numbers), OK to edit, Del after a question', async () => {
    const t = makeDevice();
    t.db.contacts.add({ firstName: 'Ann', mobile: '2001' });
    t.db.contacts.add({ firstName: 'Bob', mobile: '2002', other: '2003' });
    await follow(t.device, ['Phone book', 'Personal phone book', 'View all']);
    expect(t.device.snapshot().lines.slice(0, 3)).toEqual(['View all', 'Ann  2001', 'Bob  2002']);
    expect(t.device.snapshot().softKeys).toEqual(['Dial', 'Add', 'Del', 'Back']);
    await t.device.press('down');
    await t.device.press('soft1');
    expect(t.device.snapshot().lines.slice(0, 3)).toEqual(['Call options', '2002  NO.1', '2003  NO.3']);
    await t.device.keys('{down}{ok}');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('2003');
    const bobId = t.db.contacts.list()[1]!.id;
    // edit Bob's name
    await follow(t.device, ['Phone book', 'Personal phone book', 'View all'], { clock: t.clock });
    await t.device.keys('{down}{ok}');
    expect(t.device.snapshot().lines[0]).toBe('Edit contact');
    expect(t.device.snapshot().softKeys).toEqual(['Save', 'Dial', 'Del', 'Back']);
    await t.device.press('ok'); // Name
    await t.device.press('c', { holdMs: 1500 });
    await t.device.keys('22{ok}'); // "B"
    await t.device.press('soft1');
    expect(t.db.contacts.get(bobId)).toMatchObject({ firstName: 'B', lastName: '', mobile: '2002', other: '2003' });
    // delete Ann
    await t.clock.advanceAsync(2000);
    await t.device.press('up');
    await t.device.press('soft3');
    expect(t.device.snapshot().lines[2]).toBe('Delete contact?');
    await t.device.press('ok');
    expect(t.db.contacts.list().map((c) => c.firstName)).toEqual(['B']);
  });

  it('Add group, Modify group, Delete group; a group lists its contacts', async () => {
    const t = makeDevice();
    await follow(t.device, ['Phone book', 'Personal phone book', 'Add group'], { clock: t.clock });
    expect(t.device.snapshot().lines.slice(0, 2)).toEqual(['Add group', 'Group name']);
    await t.device.keys('3{ok}'); // "D" (ABC mode)
    expect(t.db.groups.list().map((g) => g.name)).toEqual(['D']);
    const d = t.db.groups.byName('D')!.id;
    t.db.contacts.add({ firstName: 'Zed', mobile: '9', groupId: d });
    t.db.contacts.add({ firstName: 'Out', mobile: '8' });
    await choose(t.device, 'Modify group', t.clock);
    await choose(t.device, 'D', t.clock);
    await t.device.keys('{soft3}777{ok}'); // Del the D, then R (7 three times: P Q R)
    expect(t.db.groups.list().map((g) => g.name)).toEqual(['R']);
    expect(t.device.snapshot().menuPath).toEqual(['Menu', 'Phone book', 'Personal phone book']);
    await choose(t.device, 'R', t.clock);
    expect(t.device.snapshot().lines.slice(0, 2)).toEqual(['R', 'Zed  9']);
    await t.device.press('c');
    await choose(t.device, 'Delete group', t.clock);
    await choose(t.device, 'R', t.clock);
    expect(t.device.snapshot().lines[2]).toBe('Delete group?');
    await t.device.press('ok');
    expect(t.db.groups.count()).toBe(0);
    expect(t.db.contacts.count()).toBe(2); // contacts stay, in group None
  });

  it('Search: letters typed, OK lists the contacts that start with them', async () => {
    const t = makeDevice();
    t.db.contacts.add({ firstName: 'Mary', mobile: '5001' });
    t.db.contacts.add({ firstName: 'Mark', mobile: '5002' });
    t.db.contacts.add({ firstName: 'Zoe', mobile: '5003' });
    await follow(t.device, ['Phone book', 'Personal phone book', 'Search'], { clock: t.clock });
    expect(t.device.snapshot().softKeys[0]).toBe('Search');
    await t.device.keys('6');
    await t.clock.advanceAsync(1100);
    await t.device.press('soft2'); // abc
    await t.device.keys('2{ok}'); // "Ma"
    expect(t.device.snapshot().lines.slice(0, 3)).toEqual(['Search results', 'Mark  5002', 'Mary  5001']);
    await t.device.press('c');
    await t.device.keys('{c}{c}99{ok}'); // nothing starts with "X"/"x"
    expect(t.device.snapshot().notice).toBe('No match');
  });
});

describe('Enterprise phone book', () => {
  it('is viewed and dialled, not edited', async () => {
    const t = makeDevice();
    t.db.enterprise.replaceAll({ groups: [], contacts: [{ firstName: 'Helpdesk', office: '7000' }] });
    await follow(t.device, ['Phone book', 'Enterprise phone book']);
    expect(t.device.snapshot().lines[1]).toBe('Helpdesk  7000');
    expect(t.device.snapshot().softKeys).toEqual(['Dial', '', '', 'Back']);
    await t.device.press('ok');
    expect(t.device.snapshot().lines.slice(0, 2)).toEqual(['Helpdesk', 'NO.2  7000']);
    await t.device.press('soft1');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('7000');
  });
});

class FakeDirectory implements DirectorySearch {
  readonly asked: Array<[string, string]> = [];
  fail = false;
  constructor(
    private readonly entries: DirectoryEntry[],
    private readonly ready = true,
  ) {}
  configured(): boolean {
    return this.ready;
  }
  async search(by: 'name' | 'number', text: string): Promise<DirectoryEntry[]> {
    this.asked.push([by, text]);
    if (this.fail) throw new Error('server down');
    return this.entries.filter((e) => (by === 'name' ? e.name.toLowerCase().startsWith(text.toLowerCase()) : e.numbers.some((n) => n.startsWith(text))));
  }
}

describe('LDAP (manual §5)', () => {
  const entries = [
    { name: 'Grace Hopper', numbers: ['4100', '0611'] },
    { name: 'Alan Turing', numbers: ['4200'] },
  ];

  it('"Search name->name": the name typed, OK asks the directory; Dial with Call options', async () => {
    const dir = new FakeDirectory(entries);
    const t = makeDevice({ directory: dir });
    await follow(t.device, ['Phone book', 'LDAP'], { clock: t.clock });
    expect(t.device.snapshot().lines.slice(0, 3)).toEqual(['LDAP', '1.Search name', '2.Search number']);
    await choose(t.device, 'Search name', t.clock);
    expect(t.device.snapshot().lines[1]).toBe('Name');
    await t.device.keys('4'); // G
    await t.device.press('ok');
    expect(dir.asked).toEqual([['name', 'G']]);
    expect(t.device.snapshot().lines.slice(0, 2)).toEqual(['Search name', 'Grace Hopper  4100']);
    await t.device.press('soft1');
    expect(t.device.snapshot().lines[0]).toBe('Call options');
    await t.device.keys('{down}{ok}');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('0611');
  });

  it('"Search number->Number": digits, OK; nothing found and a failing server are notices', async () => {
    const dir = new FakeDirectory(entries);
    const t = makeDevice({ directory: dir });
    await follow(t.device, ['Phone book', 'LDAP', 'Search number'], { clock: t.clock });
    await t.device.keys('42{ok}');
    expect(t.device.snapshot().lines[1]).toBe('Alan Turing  4200');
    await t.device.press('soft1');
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('4200');
    await follow(t.device, ['Phone book', 'LDAP', 'Search number'], { clock: t.clock });
    await t.device.keys('9{ok}');
    expect(t.device.snapshot().notice).toBe('No match');
    dir.fail = true;
    await t.device.press('ok');
    expect(t.device.snapshot().notice).toBe('Search failed');
  });

  it('not configured (or no directory at all): the LDAP page says so', async () => {
    for (const directory of [new FakeDirectory(entries, false), undefined]) {
      const t = makeDevice(directory ? { directory } : {});
      await follow(t.device, ['Phone book', 'LDAP']);
      expect(t.device.snapshot().lines.slice(0, 3)).toEqual(['LDAP', 'LDAP not configured', 'Set it up on the web']);
    }
  });
});
