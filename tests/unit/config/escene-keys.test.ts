/**
 * Keys file `<account-1 number>_Extern.xml` (src/config/escene/keys-file.ts) — proves:
 *  - memory keys, ProgramKeys, the older Programbuttons, SoftKeys (with its container
 *    attributes) and expansion modules 1-2 parse into the typed layout, type codes mapped to
 *    names (1 BLF, 5 speed dial, 6 paging, 7 park, 8 intercom, 9 pickup...), SipAccounts
 *    0-based to 1-based lines and 127 to 'auto';
 *  - write(parse(fixture)) is the fixture byte for byte: ExternID, an unknown attribute, an
 *    empty PhoneBooks, an unknown container and a stray element all survive, and minidom's
 *    declaration + ID="" round-trip;
 *  - `present` lists the containers the file had; a partial file writes only those;
 *  - every type code of both tables maps to a name and back; codes without a public meaning
 *    (memory 0, 10, 12; program 21) are rejected with the attribute's line/column, as are ids
 *    out of range (hotline 16+, expansion 32+, ProgramKey 18+), accounts the model lacks,
 *    a missing Type and duplicate ids, all collected in one pass;
 *  - a layout built in code writes ID=id, 127 for 'auto', rows sorted by id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXPANSION_KEYS,
  MEMORY_KEY_TYPES,
  PROGRAM_KEY_IDS,
  PROGRAM_KEY_TYPES,
  emptyKeyLayout,
  formatEsceneIssue,
  memoryKeyTypeOf,
  parseKeysFile,
  programKeyTypeOf,
  writeKeysFile,
  type KeyLayout,
} from '../../../src/config/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/escene');
const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function layoutOf(xml: string | Uint8Array, options = {}): KeyLayout {
  const r = parseKeysFile(xml, options);
  if (!r.ok) throw new Error(r.errors.map(formatEsceneIssue).join('\n'));
  return r.layout;
}

function errorsOf(xml: string, options = {}): string[] {
  const r = parseKeysFile(xml, { file: 'k.xml', ...options });
  if (r.ok) throw new Error('accepted');
  return r.errors.map((e) => `${e.where} ${e.line}:${e.column}`);
}

describe('parsing the Extern file', () => {
  it('reads every kind of key', () => {
    const r = parseKeysFile(fixtureText('1001_Extern.xml'), { file: '1001_Extern.xml' });
    if (!r.ok) throw new Error(r.errors.map(formatEsceneIssue).join('\n'));
    const { layout } = r;
    expect(layout.memoryKeys.map((k) => [k.id, k.type, k.account, k.number, k.name])).toEqual([
      [0, 'blf', 1, '1002', 'Bob'],
      [1, 'speed-dial', 'auto', '5551234', 'Taxi'],
      [2, 'park', 2, '*70', 'Park'],
      [3, 'paging', 1, 'sip:224.0.1.75:5004', 'Paging'],
    ]);
    expect(layout.memoryKeys[0]!.extra).toEqual([{ name: 'ID', value: '0' }, { name: 'ExternID', value: '0' }]);
    expect(layout.memoryKeys[3]!.extra).toContainEqual({ name: 'Colour', value: 'amber' });
    expect(layout.programKeys.map((k) => [PROGRAM_KEY_IDS[k.id], k.type, k.account])).toEqual([
      ['redial', 'dnd', 'auto'],
      ['directories', 'enterprise-phonebook', 'auto'],
    ]);
    expect(layout.programButtons.map((k) => [k.id, k.type])).toEqual([[0, 'call-list']]);
    expect(layout.softKeys.attrs.map((a) => `${a.name}=${a.value}`)).toEqual(['Enable=1', 'Status=0', 'Selected=0']);
    expect(layout.softKeys.rows[1]).toEqual({ id: 1, values: ['2', '5', undefined, undefined], extra: [] });
    expect(layout.expansion[0]!.map((k) => [k.id, k.type, k.number])).toEqual([
      [0, 'blf', '2001'],
      [31, 'pickup', '2032'],
    ]);
    expect(layout.expansion[1]!.map((k) => [k.type, k.account])).toEqual([['intercom', 3]]);
    expect(layout.expansion.slice(2).every((m) => m.length === 0)).toBe(true);
    expect(layout.present).toEqual(['hotlines', 'ProgramKeys', 'Programbuttons', 'SoftKeys', 'Extensions', 'Extension2s']);
    expect(layout.unknown.map((s) => s.container)).toEqual(['PhoneBooks', 'VendorBlock']);
    expect(r.warnings.map((w) => `${w.where}:${w.line}`)).toEqual(['VendorBlock:27']);
  });

  it('writes back byte for byte, and again after a re-read', () => {
    const text = fixtureText('1001_Extern.xml');
    const written = writeKeysFile(layoutOf(text));
    expect(written).toBe(text);
    expect(writeKeysFile(layoutOf(written))).toBe(written);
  });

  it('keeps minidom\'s ID="" and a stray element in a known container', () => {
    const out = writeKeysFile(layoutOf(readFileSync(join(FIXTURES, 'extern-minidom.xml'))));
    expect(out).toBe('<all>\n  <hotlines>\n    <hotline id="0" ID="" SipAccounts="0" Type="1" HotlineNum="1002" Name="Bob"/>\n  </hotlines>\n</all>\n');
    const r = parseKeysFile('<all><hotlines><hotline id="0" Type="5"/><note text="x"/></hotlines></all>');
    expect(r.ok && r.warnings[0]!.where).toBe('hotlines/note');
    expect(r.ok && writeKeysFile(r.layout)).toContain('<hotline id="0" ID="0" SipAccounts="127" Type="5" HotlineNum="" Name=""/>\n    <note text="x"/>');
  });

  it('a partial file names only its containers', () => {
    const layout = layoutOf('<all><Extension6s><extension6 id="5" Type="4" HotlineNum="*1#"/></Extension6s></all>');
    expect(layout.present).toEqual(['Extension6s']);
    expect(layout.expansion[5]![0]).toMatchObject({ id: 5, type: 'dtmf', number: '*1#' });
    expect(writeKeysFile(layout)).toBe(
      '<all>\n  <Extension6s>\n    <extension6 id="5" ID="5" HotlineNum="*1#" SipAccounts="127" Type="4" Name=""/>\n  </Extension6s>\n</all>\n',
    );
  });
});

describe('codes and ranges', () => {
  it('maps every type code to a name and back', () => {
    for (const [name, code] of Object.entries(MEMORY_KEY_TYPES)) expect(memoryKeyTypeOf(code)).toBe(name);
    for (const [name, code] of Object.entries(PROGRAM_KEY_TYPES)) expect(programKeyTypeOf(code)).toBe(name);
    expect(Object.values(PROGRAM_KEY_TYPES)).toEqual([...Array(21).keys()]);
    expect([0, 10, 12].map(memoryKeyTypeOf)).toEqual([undefined, undefined, undefined]);
    expect(PROGRAM_KEY_IDS).toHaveLength(18);
    expect(EXPANSION_KEYS).toBe(32);
  });

  it('rejects the whole file with every bad code, id and account located', () => {
    const r = parseKeysFile(fixtureText('bad-extern-type.xml'), { file: 'bad-extern-type.xml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(formatEsceneIssue)).toEqual([
      'bad-extern-type.xml:4:44: hotlines/hotline[id=1]@Type: "10" is not a memory key type (1 blf, 2 speed-dial-prefix, 3 bla, 4 dtmf, 5 speed-dial, 6 paging, 7 park, 8 intercom, 9 pickup, 11 broadsoft-group)',
      'bad-extern-type.xml:7:17: Extension3s/extension3[id=32]@id: "32" is not an integer 0..31',
    ]);
  });

  it('checks ids, accounts, types and duplicates', () => {
    const xml = [
      '<all><hotlines>',
      '<hotline id="16" Type="1"/>',
      '<hotline id="0" Type="1" SipAccounts="3"/>',
      '<hotline id="1" SipAccounts="0"/>',
      '<hotline id="2" Type="5"/><hotline id="2" Type="5"/>',
      '</hotlines><ProgramKeys><ProgramKey id="18" Type="1"/><ProgramKey id="0" Type="21"/></ProgramKeys></all>',
    ].join('\n');
    expect(errorsOf(xml, { accountCount: 2 })).toEqual([
      'hotlines/hotline[id=16]@id 2:10',
      'hotlines/hotline[id=0]@SipAccounts 3:26',
      'hotlines/hotline[id=1]@Type 4:1',
      'hotlines/hotline[id=2] 5:27',
      'ProgramKeys/ProgramKey[id=18]@id 6:37',
      'ProgramKeys/ProgramKey[id=0]@Type 6:74',
    ]);
    // the same account is fine on a 3-line phone, and more memory keys can be allowed
    expect(layoutOf('<all><hotlines><hotline id="20" Type="1" SipAccounts="2"/></hotlines></all>', { memoryKeyCount: 24 }).memoryKeys[0]!.account).toBe(3);
  });
});

describe('writing a layout built in code', () => {
  it('fills ID, the auto account and sorts by id', () => {
    const layout = emptyKeyLayout();
    layout.memoryKeys.push(
      { id: 2, type: 'intercom', account: 'auto', number: '1005', name: 'Desk', extra: [] },
      { id: 0, type: 'bla', account: 1, number: '1000', name: 'Shared & co', extra: [] },
    );
    layout.programKeys.push({ id: 15, type: 'menu', account: 'auto', number: '', name: 'Menu', extra: [] });
    expect(writeKeysFile(layout)).toBe(
      [
        '<all>',
        '  <hotlines>',
        '    <hotline id="0" ID="0" SipAccounts="0" Type="3" HotlineNum="1000" Name="Shared &amp; co"/>',
        '    <hotline id="2" ID="2" SipAccounts="127" Type="8" HotlineNum="1005" Name="Desk"/>',
        '  </hotlines>',
        '  <ProgramKeys>',
        '    <ProgramKey id="15" SipAccounts="127" Type="12" Num="" Name="Menu"/>',
        '  </ProgramKeys>',
        '</all>',
        '',
      ].join('\n'),
    );
  });
});
