/**
 * Phonebook files `<account-1 number>_Phonebook.xml` and `Enterprise_Phonebook.xml`
 * (src/config/escene/phonebook-file.ts) — proves:
 *  - PhoneGroups/group and PhoneBooks/book parse into groups and contacts; contacts join
 *    groups by name (GroupName, GroupNameTwo), accountid 0-based -> line 1, 127 -> auto;
 *    entities (R&amp;D, &#233;), BOM and declaration are accepted;
 *  - write(parse(fixture)) is the fixture byte for byte (an unknown attribute kept), and
 *    a phonebook built in code gets FusionPBX's defaults speedid="0" accountid="127"
 *    NewVer="1" ISUseBLF="0" and ids from 0;
 *  - the manual's limits reject the whole file with a clear message: 301 contacts in a
 *    personal file ("phonebook full (300)"), 801 in an enterprise file, 101 groups; the
 *    same 301-contact file is fine as an enterprise book;
 *  - bad fields are all reported with line/column (number with a space or 20 digits,
 *    accountid the model lacks, ISUseBLF 2, speedid 1000, empty or duplicate group name,
 *    duplicate Bookid, a contact with neither name nor number);
 *  - a contact naming a group that is not declared is a warning with its place, not an error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EscenePhonebook, formatEsceneIssue, parsePhonebookFile, writePhonebookFile } from '../../../src/config/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/escene');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

function parsed(xml: string | Uint8Array, kind: 'personal' | 'enterprise' = 'personal'): EscenePhonebook {
  const r = parsePhonebookFile(xml, { kind });
  if (!r.ok) throw new Error(r.errors.map(formatEsceneIssue).join('\n'));
  return r.phonebook;
}

describe('reading', () => {
  it('reads groups and contacts, joined by name', () => {
    const r = parsePhonebookFile(fixture('1001_Phonebook.xml'), { kind: 'personal', file: '1001_Phonebook.xml' });
    if (!r.ok) throw new Error('rejected');
    expect(r.warnings).toEqual([]);
    expect(r.phonebook.groups.map((g) => [g.id, g.name, g.description, g.ringType])).toEqual([
      [1, 'Sales', 'Sales team', 'Ring2'],
      [2, 'R&D', '', ''],
    ]);
    const [ann, bo, third] = r.phonebook.contacts;
    expect(ann).toMatchObject({ id: 1, firstName: 'Ann', lastName: 'Lee', office: '2001', group: 'Sales', account: 'auto', speedDial: 0, useBlf: false });
    expect(ann!.group2).toBeUndefined();
    expect(bo).toMatchObject({ id: 2, group: 'R&D', group2: 'Sales', account: 1, speedDial: 3, useBlf: true, mobile: '+15550100', displayName: 'Bo Ng' });
    expect(bo!.extra).toContainEqual({ name: 'Photo', value: 'bo.png' });
    expect(third).toMatchObject({ office: '2003', firstName: '' });
    expect(third!.group).toBeUndefined();
  });

  it('reads the enterprise book with a BOM, a declaration and character references', () => {
    const book = parsed(fixture('Enterprise_Phonebook.xml'), 'enterprise');
    expect(book.contacts.map((c) => c.displayName)).toEqual(['Reception', 'José García']);
    expect(book.contacts[0]).toMatchObject({ group: 'Front desk', useBlf: true });
  });

  it('warns about a group that is not declared', () => {
    const r = parsePhonebookFile('<all><PhoneBooks>\n<book Bookid="0" GroupName="Ghosts" OfficeNum="1"/></PhoneBooks></all>', { kind: 'personal' });
    expect(r.ok && r.warnings.map((w) => `${w.where} ${w.line}:${w.column} ${w.reason}`)).toEqual([
      'PhoneBooks/book@GroupName 2:18 group "Ghosts" is not in <PhoneGroups>',
    ]);
    expect(r.ok && r.phonebook.contacts[0]!.group).toBe('Ghosts');
  });
});

describe('writing', () => {
  it('writes the fixture back byte for byte', () => {
    const text = fixture('1001_Phonebook.xml').toString('utf8');
    expect(writePhonebookFile(parsed(text))).toBe(text);
  });

  it('uses FusionPBX-like defaults for contacts built in code', () => {
    const out = writePhonebookFile({
      groups: [{ id: 7, name: 'Family', description: '', ringType: '', extra: [] }],
      contacts: [
        { id: 4, firstName: 'Eve', lastName: '', displayName: 'Eve', mobile: '555', office: '', other: '', group: 'Family', account: 'auto', speedDial: 0, useBlf: false, extra: [] },
      ],
      unknown: [],
    });
    expect(out).toBe(
      [
        '<all>',
        '  <PhoneGroups>',
        '    <group id="0" groupid="7" name="Family" Descriptor="" RingType=""/>',
        '  </PhoneGroups>',
        '  <PhoneBooks>',
        '    <book id="0" Bookid="4" speedid="0" accountid="127" NewVer="1" ISUseBLF="0" GroupName="Family" GroupNameTwo="" FirstName="Eve" LastName="" MobileNum="555" OfficeNum="" OtherNum="" Username="Eve"/>',
        '  </PhoneBooks>',
        '</all>',
        '',
      ].join('\n'),
    );
    expect(writePhonebookFile({ groups: [], contacts: [], unknown: [] })).toBe('<all>\n  <PhoneGroups></PhoneGroups>\n  <PhoneBooks></PhoneBooks>\n</all>\n');
  });
});

function book(n: number, extra = ''): string {
  return `<book id="${n}" Bookid="${n}" OfficeNum="${1000 + n}"${extra}/>`;
}

describe('limits', () => {
  it('rejects 301 personal contacts with the manual\'s limit, accepts them as enterprise', () => {
    const xml = fixture('bad-301-contacts.xml');
    const r = parsePhonebookFile(xml, { kind: 'personal', file: '1001_Phonebook.xml' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(formatEsceneIssue(r.errors[0]!)).toBe(
        '1001_Phonebook.xml:5:3: PhoneBooks: phonebook full (300): the file has 301 contacts, the personal phonebook holds 300; nothing was imported',
      );
    }
    expect(parsed(xml, 'enterprise').contacts).toHaveLength(301);
  });

  it('rejects 801 enterprise contacts and 101 groups', () => {
    const books = Array.from({ length: 801 }, (_, n) => book(n)).join('\n');
    const r = parsePhonebookFile(`<all><PhoneBooks>${books}</PhoneBooks></all>`, { kind: 'enterprise' });
    expect(!r.ok && r.errors[0]!.reason).toMatch(/^phonebook full \(800\): the file has 801 contacts/);
    const groups = Array.from({ length: 101 }, (_, n) => `<group groupid="${n}" name="g${n}"/>`).join('');
    const g = parsePhonebookFile(`<all><PhoneGroups>${groups}</PhoneGroups></all>`, { kind: 'enterprise' });
    expect(!g.ok && g.errors[0]).toMatchObject({ code: 'CFG_XML_LIMIT', where: 'PhoneGroups' });
  });

  it('reports every bad field with its place', () => {
    const xml = [
      '<all><PhoneGroups>',
      '<group groupid="0" name=""/><group groupid="1" name="A"/><group groupid="2" name="A"/>',
      '</PhoneGroups><PhoneBooks>',
      book(0, ' MobileNum="555 1234"'),
      book(1, ' OtherNum="12345678901234567890"'),
      book(2, ' accountid="3" ISUseBLF="2" speedid="1000"'),
      book(3) + book(3),
      '<book Bookid="9" FirstName=""/>',
      '</PhoneBooks></all>',
    ].join('\n');
    const r = parsePhonebookFile(xml, { kind: 'personal' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.code} ${e.where} ${e.line}:${e.column}`)).toEqual([
      'CFG_XML_VALUE PhoneGroups/group@name 2:20',
      'CFG_XML_DUPLICATE PhoneGroups/group@name 2:77',
      'CFG_XML_VALUE PhoneBooks/book[id=0]@MobileNum 4:42',
      'CFG_XML_VALUE PhoneBooks/book[id=1]@OtherNum 5:42',
      'CFG_XML_VALUE PhoneBooks/book[id=2]@accountid 6:42',
      'CFG_XML_VALUE PhoneBooks/book[id=2]@speedid 6:69',
      'CFG_XML_VALUE PhoneBooks/book[id=2]@ISUseBLF 6:56',
      'CFG_XML_DUPLICATE PhoneBooks/book[id=3] 7:43',
      'CFG_XML_VALUE PhoneBooks/book 8:1',
    ]);
  });
});
