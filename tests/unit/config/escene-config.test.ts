/**
 * Main config file `<MAC>.xml` / `ESConfig.xml` (src/config/escene/config-file.ts) — proves:
 *  - the export from factory defaults is the committed fixture byte for byte (regenerate
 *    with SAYHI_UPDATE_FIXTURES=1 after a deliberate registry change), has no declaration,
 *    every known container in the phone's S7/S8 order with the original misspellings, and
 *    passes fast-xml-parser's validator;
 *  - export -> import -> export is byte-identical: from defaults, after changing values
 *    (including & < " and non-ASCII text), and with kept unknown parts;
 *  - a partial FusionPBX-shaped file changes only the settings it names (line 1 on
 *    127.0.0.1:25060 as 1001/pw1001), applied atomically through Settings.setMany;
 *  - unknown containers, elements, rows and attributes, and real-phone attributes with no
 *    setting (MouthSet, ZeroActive, SupportNumber) are kept, warned about with their line,
 *    stored as a blob, merged across imports (later wins) and written back by the export;
 *  - bad files are rejected whole with file/line/column/reason and nothing applied: out of
 *    range value (with its line), not XML, wrong root, text content, not well-formed,
 *    over 1 MiB, a row without id, one setting given twice; all errors are collected;
 *  - tolerant input: declaration + BOM + CRLF, entities, case-insensitive attribute names;
 *  - every XML location the registry declares is an attribute of escene-formats.md §3, and
 *    registry attributes/containers the schema lacks still export, after the known ones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  ESCENE_CONFIG_SCHEMA,
  MemorySettingsBackend,
  type SettingDef,
  Settings,
  SettingsRegistry,
  createDefaultRegistry,
  exportConfig,
  formatEsceneIssue,
  importConfig,
  isKnownConfigAttribute,
  mergeUnknown,
  parseUnknown,
  serializeUnknown,
} from '../../../src/config/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/escene');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

function phone(model: 'ES320' | 'ES330' = 'ES330') {
  const registry = createDefaultRegistry(model);
  const settings = new Settings(registry, new MemorySettingsBackend());
  let blob = '';
  return {
    registry,
    settings,
    get blob() {
      return blob;
    },
    export: () => exportConfig({ registry, values: (k) => settings.get(k), unknown: parseUnknown(blob) }),
    /** What a surface does with a file: import, apply atomically, keep the unknown parts. */
    import(xml: string | Uint8Array, file = 'ESConfig.xml') {
      const r = importConfig(xml, { registry, file });
      if (!r.ok) return r;
      const applied = settings.setMany(r.changes);
      if (!applied.ok) throw new Error(applied.reason);
      blob = serializeUnknown(mergeUnknown(parseUnknown(blob), r.unknown));
      return r;
    },
  };
}

describe('export', () => {
  it('from defaults is the committed fixture', () => {
    const text = phone().export();
    const file = join(FIXTURES, 'defaults-export-es330.xml');
    if (process.env.SAYHI_UPDATE_FIXTURES === '1') writeFileSync(file, text);
    expect(text, 'export changed: if on purpose, rerun with SAYHI_UPDATE_FIXTURES=1').toBe(readFileSync(file, 'utf8'));
  });

  it('has the real phone\'s shape, order and spellings', () => {
    const text = phone().export();
    expect(text.startsWith('<all>\n')).toBe(true);
    expect(text).not.toContain('<?xml');
    expect(XMLValidator.validate(text)).toBe(true);
    const containers = [...text.matchAll(/^ {2}<(\w+)[ >]/gm)].map((m) => m[1]);
    expect(containers).toEqual(ESCENE_CONFIG_SCHEMA.map((s) => s.container));
    for (const spelling of ['<Privisions>', ' Freqency="', '<DTMEFs>', ' DaylightSaveingFlag="', ' DownloadFirmwar="', '<sipUser id="2" ']) {
      expect(text).toContain(spelling);
    }
  });
});

describe('round trip', () => {
  it('export -> import -> export is byte-identical from defaults, with no changes beyond defaults', () => {
    const a = phone();
    const first = a.export();
    const r = importConfig(first, { registry: a.registry });
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && r.unknown.sections).toEqual([]);
    if (!r.ok) return;
    for (const [key, value] of r.changes) expect([key, value]).toEqual([key, a.registry.defaultOf(key)]);
    const b = phone();
    b.import(first);
    expect(b.export()).toBe(first);
  });

  it('is byte-identical after changes with hostile text and kept parts', () => {
    const a = phone();
    a.import(fixture('fusionpbx-line1.xml'));
    const set = a.settings.setMany({ 'account.1.displayName': 'R&D <"Ünïcode"> \'x\'', 'account.2.password': 'p&<>"\'w', 'account.2.enabled': true });
    expect(set.ok).toBe(true);
    const first = a.export();
    const b = phone();
    b.import(first);
    expect(b.export()).toBe(first);
    expect(b.settings.get('account.1.displayName')).toBe('R&D <"Ünïcode"> \'x\'');
    expect(b.settings.get('account.2.password')).toBe('p&<>"\'w');
    expect(b.blob).toBe(a.blob);
  });
});

describe('partial import (FusionPBX-shaped file)', () => {
  it('configures line 1 and changes nothing it does not name', () => {
    const p = phone();
    const before = p.settings.snapshot();
    const r = p.import(fixture('fusionpbx-line1.xml'), '001a2b3c4d5e.xml');
    if (!r.ok) throw new Error(r.errors.map(formatEsceneIssue).join('\n'));
    expect(Object.fromEntries(r.changes.filter(([k]) => k.startsWith('account.1.')))).toMatchObject({
      'account.1.enabled': true,
      'account.1.server': '127.0.0.1:25060',
      'account.1.outboundProxy': '127.0.0.1:25060',
      'account.1.user': '1001',
      'account.1.authName': '1001',
      'account.1.password': 'pw1001',
      'account.1.transport': 'udp',
      'account.1.registerExpires': 300,
    });
    const after = p.settings.snapshot();
    const named = new Set(r.changes.map(([k]) => k));
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(changed.length).toBeGreaterThan(5);
    for (const key of changed) expect(named.has(key), key).toBe(true);
    expect(changed.some((k) => k.startsWith('account.2.'))).toBe(false);
  });

  it('keeps what it does not apply, warns with the line, and writes it back', () => {
    const p = phone();
    const r = p.import(fixture('fusionpbx-line1.xml'));
    if (!r.ok) throw new Error('rejected');
    const sipUserWarning = r.warnings.find((w) => w.where === 'sipUsers/sipUser[id=0]');
    expect(sipUserWarning).toMatchObject({ code: 'CFG_XML_UNKNOWN', line: 22, file: 'ESConfig.xml' });
    expect(sipUserWarning!.reason).toBe(
      'attributes unknown to the Escene files: VendorFlag; Escene attributes this phone does not apply: SupportNumber; kept for export',
    );
    const out = p.export();
    expect(out).toMatch(/<sipUser id="0" [^\n]* VendorFlag="x"\/>/);
    expect(out).toMatch(/<systime [^\n]*MouthSet="1"/);
    expect(out).toMatch(/<privision [^\n]*ZeroActive="0"/);
    expect(out).toMatch(/<dsp [^\n]*HighG723="0"/);
    // known-but-unapplied attributes sit in the schema's place, unknown ones after
    const sipUser0 = out.split('\n').find((l) => l.includes('<sipUser id="0"'))!;
    expect(sipUser0.indexOf('SupportNumber=')).toBeLessThan(sipUser0.indexOf('PollingRegistrationTime='));
    expect(sipUser0.trimEnd().endsWith('VendorFlag="x"/>')).toBe(true);
  });

  it('keeps unknown containers and rows, and merges later imports into them', () => {
    const p = phone('ES320');
    const r1 = p.import('<all>\n<Vendor Mode="1"><thing a="1"/><thing a="2"/></Vendor>\n<sipUsers><sipUser id="2" UserNumber="3003"/></sipUsers></all>');
    expect(r1.ok && r1.warnings.map((w) => `${w.where}:${w.line}`)).toEqual(['Vendor:2', 'sipUsers/sipUser[id=2]:3']);
    p.import('<all><Vendor><thing a="9"/><extra/></Vendor><Other/></all>');
    const out = p.export();
    expect(out).toContain('  <Vendor Mode="1">\n    <thing a="9"/>\n    <thing a="2"/>\n    <extra/>\n  </Vendor>\n  <Other></Other>\n</all>\n');
    expect(out).toContain('<sipUser id="2" UserNumber="3003"/>');
    const again = phone('ES320');
    again.import(out);
    expect(again.export()).toBe(out);
  });

  it('accepts a declaration, a BOM, CRLF and entities; attribute names in any case', () => {
    const p = phone();
    const r = p.import(fixture('declaration-bom.xml'));
    expect(r.ok).toBe(true);
    expect(p.settings.get('account.2.user')).toBe('2002');
    expect(p.settings.get('account.2.displayName')).toBe('Müller & Co');
    expect(p.settings.get('account.2.password')).toBe('a"b<c');
    p.import('<all><sipUsers><sipUser ID="0" refreshtime="600"/></sipUsers></all>');
    expect(p.settings.get('account.1.registerExpires')).toBe(600);
  });
});

describe('bad files are rejected whole', () => {
  it('an out-of-range value, with its line, applies nothing', () => {
    const p = phone();
    const before = p.export();
    const r = p.import(fixture('bad-out-of-range.xml'), 'bad.xml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'CFG_XML_VALUE', file: 'bad.xml', where: 'sipUsers/sipUser[id=0]@RefreshTime', line: 6, column: 39 });
    expect(formatEsceneIssue(r.errors[0]!)).toBe(
      'bad.xml:6:39: sipUsers/sipUser[id=0]@RefreshTime: value "99999999" rejected: account.1.registerExpires: must be an integer 20..86400',
    );
    expect(p.export()).toBe(before);
    expect(p.blob).toBe('');
  });

  it.each([
    ['bad-not-xml.xml', 'CFG_XML_NOT_XML', 1],
    ['bad-wrong-root.xml', 'CFG_XML_WRONG_ROOT', 1],
    ['bad-text-content.xml', 'CFG_XML_TEXT', 4],
    ['bad-not-well-formed.xml', 'CFG_XML_NOT_XML', 4],
  ])('%s', (name, code, line) => {
    const r = importConfig(fixture(name), { registry: createDefaultRegistry(), file: name });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code, line, file: name });
  });

  it('a file over 1 MiB', () => {
    const row = '<call SIPQos="26"/>\n';
    const text = `<all><calls>\n${row.repeat(Math.ceil((1024 * 1024) / row.length))}</calls></all>`;
    const r = importConfig(text, { registry: createDefaultRegistry() });
    expect(!r.ok && r.errors[0]!.code).toBe('CFG_XML_TOO_LARGE');
  });

  it('collects every error: a row without id, a setting given twice, bad values', () => {
    const xml = [
      '<all>',
      '<sipUsers><sipUser UserNumber="1"/></sipUsers>',
      '<calls><call SIPQos="26"/><call SIPQos="27"/></calls>',
      '<sipUsers><sipUser id="0" RefreshTime="300" refreshTime="400" LinkUse="7" EnableAccount="maybe"/></sipUsers>',
      '</all>',
    ].join('\n');
    const r = importConfig(xml, { registry: createDefaultRegistry() });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.code} ${e.where} ${e.line}`)).toEqual([
      'CFG_XML_ID sipUsers/sipUser 2',
      'CFG_XML_DUPLICATE calls/call@SIPQos 3',
      'CFG_XML_DUPLICATE sipUsers/sipUser[id=0]@refreshTime 4',
      'CFG_XML_VALUE sipUsers/sipUser[id=0]@LinkUse 4',
      'CFG_XML_VALUE sipUsers/sipUser[id=0]@EnableAccount 4',
    ]);
  });
});

describe('kept parts', () => {
  it('merge: later wins, earlier stays, order is earlier then new', () => {
    const a = parseUnknown('<all><X a="1"><r id="1" p="1" q="1"/><s/></X><Y/></all>');
    const b = parseUnknown('<all><Z/><X b="2" a="3"><r id="1" q="2" z="3"/><r id="2"/></X></all>');
    expect(serializeUnknown(mergeUnknown(a, b))).toBe(
      '<all>\n  <X a="3" b="2">\n    <r id="1" p="1" q="2" z="3"/>\n    <s/>\n    <r id="2"/>\n  </X>\n  <Y></Y>\n  <Z></Z>\n</all>\n',
    );
    expect(parseUnknown('')).toEqual({ sections: [] });
    expect(() => parseUnknown('<all><broken></all>')).toThrow(expect.objectContaining({ code: 'CFG_BAD_FILE' }));
  });
});

describe('registry and schema', () => {
  it('every registry XML location is an attribute the real phone has (escene-formats.md §3)', () => {
    const outside = createDefaultRegistry('ES330')
      .list()
      .filter((d) => d.xml && !isKnownConfigAttribute(d.xml.container, d.xml.element, d.xml.attribute))
      .map((d) => d.key);
    expect(outside).toEqual([]);
  });

  it('exports registry attributes and containers the schema lacks, after the known ones', () => {
    const registry = new SettingsRegistry('test');
    const base = { role: 'admin', effect: 'live', page: 'T', label: 'T' } as const;
    const defs: SettingDef[] = [
      { ...base, key: 'x.new', kind: 'string', default: 'n', xml: { container: 'sipUsers', element: 'sipUser', attribute: 'NewThing', id: 0 } },
      { ...base, key: 'x.user', kind: 'string', default: 'u', xml: { container: 'sipUsers', element: 'sipUser', attribute: 'UserNumber', id: 0 } },
      { ...base, key: 'x.other', kind: 'int', default: 5, min: 0, max: 9, xml: { container: 'Extras', element: 'extra', attribute: 'Level' } },
    ];
    registry.defineAll(defs);
    const out = exportConfig({ registry, values: (k) => registry.defaultOf(k) });
    expect(out).toContain('<sipUser id="0" UserNumber="u" NewThing="n"/>');
    expect(out).toMatch(/<E8021xs><\/E8021xs>\n {2}<Extras>\n {4}<extra Level="5"\/>\n {2}<\/Extras>\n<\/all>\n$/);
    const r = importConfig(out.replace('Level="5"', 'Level="10"'), { registry });
    expect(!r.ok && r.errors[0]!.reason).toMatch(/x\.other: must be an integer 0\.\.9/);
  });
});
