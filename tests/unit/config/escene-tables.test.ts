/**
 * The Dial Plan rules and the IP Strategy list in the Escene config file
 * (src/config/escene/table-rows.ts, escene-config-store.ts, dial-plan-table.ts,
 * ip-strategy-list.ts) — proves:
 *  - the export writes them as Sayhi's own rows of RouteTabs / WhiteTabs (empty
 *    attribute = part absent); an import into a fresh phone gives the same tables and
 *    export -> import -> export is byte-identical;
 *  - a container present replaces its whole table, an absent one leaves it alone;
 *  - other child rows of those containers stay kept (written once, after the table rows),
 *    and a table row kept by an older version is not written a second time;
 *  - a bad row (Prefix="abc", IP="not-an-ip", a repeated id, no id) refuses the whole
 *    file with the row, attribute and line, and changes no table, setting or kept part;
 *  - the API's checks and the file's are the same rules (checkDialPlanRules).
 */
import { describe, expect, it } from 'vitest';
import {
  type DialPlanRule,
  KEPT_CONFIG_TEXT,
  PhoneSettings,
  WebAccounts,
  checkDialPlanRules,
  exportEsceneConfig,
  formatEsceneIssue,
  importEsceneConfig,
  readDialPlan,
  readIpStrategyList,
  writeDialPlan,
  writeIpStrategyList,
} from '../../../src/config/index.js';

let shared: Promise<WebAccounts> | undefined;
async function phone(): Promise<PhoneSettings> {
  shared ??= WebAccounts.open(undefined);
  return PhoneSettings.open({ model: 'ES330', accounts: await shared });
}

const RULES: DialPlanRule[] = [
  { id: 1, prefix: '0', ip: '192.0.2.10:5060', insert: { position: 0, digits: '9' } },
  { id: 7, prefix: '00', remove: { position: 0, count: 2 } },
  { id: 3, prefix: '*7#', insert: { position: 3, digits: '12' }, remove: { position: 0, count: 3 } },
];
const ADDRESSES = ['192.0.2.0/24', '2001:db8::1', '198.51.100.7'];

async function withTables(): Promise<PhoneSettings> {
  const ps = await phone();
  expect(writeDialPlan(ps.db, RULES).ok).toBe(true);
  expect(writeIpStrategyList(ps.db, ADDRESSES).ok).toBe(true);
  return ps;
}

describe('export and import of the tables', () => {
  it('writes the rows, and a fresh phone reads the same tables back byte for byte', async () => {
    const a = await withTables();
    const xml = exportEsceneConfig(a);
    expect(xml).toContain(
      [
        '  <RouteTabs>',
        '    <RouteTab id="1" Prefix="0" IP="192.0.2.10:5060" InsertPosition="0" InsertNumber="9" DeletePosition="" DeleteLength=""/>',
        '    <RouteTab id="7" Prefix="00" IP="" InsertPosition="" InsertNumber="" DeletePosition="0" DeleteLength="2"/>',
        '    <RouteTab id="3" Prefix="*7#" IP="" InsertPosition="3" InsertNumber="12" DeletePosition="0" DeleteLength="3"/>',
        '  </RouteTabs>',
        '  <BlackTabs></BlackTabs>',
        '  <WhiteTabs>',
        '    <WhiteTab id="0" IP="192.0.2.0/24"/>',
        '    <WhiteTab id="1" IP="2001:db8::1"/>',
        '    <WhiteTab id="2" IP="198.51.100.7"/>',
        '  </WhiteTabs>',
      ].join('\n'),
    );

    const b = await phone();
    const r = await importEsceneConfig(b, xml, { file: 'a.xml' });
    expect(r).toMatchObject({ ok: true, tables: ['dialPlan', 'ipStrategy'] });
    expect(readDialPlan(b.db)).toEqual(RULES);
    expect(readIpStrategyList(b.db)).toEqual(ADDRESSES);
    // nothing of the tables went into the kept parts (it would be written twice)
    expect(b.db.keptTexts.get(KEPT_CONFIG_TEXT) ?? '').not.toContain('RouteTab');
    expect(exportEsceneConfig(b)).toBe(xml);
    expect((await importEsceneConfig(b, xml)).ok).toBe(true);
    expect(exportEsceneConfig(b)).toBe(xml);
    a.close();
    b.close();
  });

  it('with empty tables the containers stay empty, as before', async () => {
    const ps = await phone();
    const xml = exportEsceneConfig(ps);
    expect(xml).toContain('  <RouteTabs></RouteTabs>\n  <BlackTabs></BlackTabs>\n  <WhiteTabs></WhiteTabs>\n');
    ps.close();
  });

  it('reads hand-written rows: any attribute case, file order for rules, id order for addresses', async () => {
    const ps = await phone();
    const file = [
      '<all>',
      '  <RouteTabs><RouteTab id="4" prefix="9" ip="[2001:db8::5]:5062"/><RouteTab id="2" Prefix="1" InsertPosition="1" InsertNumber="55"/></RouteTabs>',
      '  <WhiteTabs><WhiteTab id="5" IP=" 10.0.0.0/8 "/><WhiteTab id="1" IP="192.0.2.1"/></WhiteTabs>',
      '</all>',
    ].join('\n');
    expect(await importEsceneConfig(ps, file)).toMatchObject({ ok: true, warnings: [] });
    expect(readDialPlan(ps.db)).toEqual([
      { id: 4, prefix: '9', ip: '[2001:db8::5]:5062' },
      { id: 2, prefix: '1', insert: { position: 1, digits: '55' } },
    ]);
    expect(readIpStrategyList(ps.db)).toEqual(['192.0.2.1', '10.0.0.0/8']);
    ps.close();
  });
});

describe('partial files', () => {
  it('a file without RouteTabs / WhiteTabs leaves both tables alone', async () => {
    const ps = await withTables();
    const r = await importEsceneConfig(ps, '<all><RouteGoals><route IPStrategyEnable="1"/></RouteGoals></all>');
    expect(r).toMatchObject({ ok: true, tables: [] });
    expect(ps.settings.get('ipStrategy.enabled')).toBe(true);
    expect(readDialPlan(ps.db)).toEqual(RULES);
    expect(readIpStrategyList(ps.db)).toEqual(ADDRESSES);
    ps.close();
  });

  it('empty containers (as every public Escene template has them) leave the tables alone', async () => {
    const ps = await withTables();
    const before = readIpStrategyList(ps.db);
    const r = await importEsceneConfig(ps, '<all><RouteTabs></RouteTabs><WhiteTabs/></all>');
    expect(r).toMatchObject({ ok: true, tables: [] });
    expect(readIpStrategyList(ps.db)).toEqual(before);
    expect(before.length).toBeGreaterThan(0);
    expect(readDialPlan(ps.db)).toEqual(RULES);
    ps.close();
  });
});

describe('other rows of the table containers', () => {
  it('keeps an unknown child row next to RouteTab rows and writes it back once', async () => {
    const ps = await phone();
    const file = '<all><RouteTabs><RouteRule id="1" Pattern="0xx"/><RouteTab id="1" Prefix="0" InsertPosition="0" InsertNumber="9"/></RouteTabs></all>';
    const r = await importEsceneConfig(ps, file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.where)).toEqual(['RouteTabs/RouteRule[id=1]']);
    expect(readDialPlan(ps.db)).toEqual([{ id: 1, prefix: '0', insert: { position: 0, digits: '9' } }]);
    const xml = exportEsceneConfig(ps);
    expect(xml).toContain(
      [
        '  <RouteTabs>',
        '    <RouteTab id="1" Prefix="0" IP="" InsertPosition="0" InsertNumber="9" DeletePosition="" DeleteLength=""/>',
        '    <RouteRule id="1" Pattern="0xx"/>',
        '  </RouteTabs>',
      ].join('\n'),
    );
    expect(xml.match(/<RouteTab /g)).toHaveLength(1);
    expect((await importEsceneConfig(ps, xml)).ok).toBe(true);
    expect(exportEsceneConfig(ps)).toBe(xml);
    ps.close();
  });

  it('attributes a Sayhi row does not have are warned about', async () => {
    const ps = await phone();
    const r = await importEsceneConfig(ps, '<all><WhiteTabs><WhiteTab id="0" IP="192.0.2.9" Mask="x"/></WhiteTabs></all>');
    expect(r.ok && r.warnings.map((w) => formatEsceneIssue(w))).toEqual([
      "ESConfig.xml:1:17: WhiteTabs/WhiteTab[id=0]: attributes not used: Mask; not kept (<WhiteTab> is Sayhi's own row format)",
    ]);
    expect(readIpStrategyList(ps.db)).toEqual(['192.0.2.9']);
    ps.close();
  });

  it('a table row kept by an older version is not written beside the table', async () => {
    const ps = await withTables();
    ps.db.keptTexts.set(KEPT_CONFIG_TEXT, '<all>\n  <RouteTabs>\n    <RouteTab id="9" Prefix="5"/>\n  </RouteTabs>\n</all>\n');
    const xml = exportEsceneConfig(ps);
    expect(xml).not.toContain('id="9"');
    expect(xml.match(/<RouteTab /g)).toHaveLength(RULES.length);
    ps.close();
  });
});

describe('bad rows refuse the whole file', () => {
  const bad = (rows: string): string =>
    [
      '<all>',
      '  <RouteGoals><route IPStrategyEnable="1"/></RouteGoals>',
      '  <RouteTabs>',
      '    <RouteTab id="1" Prefix="0"/>',
      rows,
      '  </RouteTabs>',
      '  <WhiteTabs></WhiteTabs>',
      '  <Odd x="1"></Odd>',
      '</all>',
    ].join('\n');

  async function refused(file: string): Promise<string[]> {
    const ps = await withTables();
    const kept = ps.db.keptTexts.get(KEPT_CONFIG_TEXT);
    const r = await importEsceneConfig(ps, file, { file: 'bad.xml' });
    expect(r.ok).toBe(false);
    // nothing changed: tables, settings, kept parts
    expect(readDialPlan(ps.db)).toEqual(RULES);
    expect(readIpStrategyList(ps.db)).toEqual(ADDRESSES);
    expect(ps.settings.get('ipStrategy.enabled')).toBe(false);
    expect(ps.db.keptTexts.get(KEPT_CONFIG_TEXT)).toBe(kept);
    ps.close();
    return r.ok ? [] : r.errors.map((e) => formatEsceneIssue(e));
  }

  it('a prefix that is not keypad characters names the row, attribute and line', async () => {
    expect(await refused(bad('    <RouteTab id="2" Prefix="abc"/>'))).toEqual([
      'bad.xml:5:22: RouteTabs/RouteTab[id=2]@Prefix: value "abc" rejected: prefix must be 1-32 keypad characters',
    ]);
  });

  it('an IP that is not an address, in a rule or in the IP strategy list', async () => {
    expect(await refused(bad('    <RouteTab id="2" Prefix="1" IP="not-an-ip"/>'))).toEqual([
      'bad.xml:5:33: RouteTabs/RouteTab[id=2]@IP: value "not-an-ip" rejected: ip must be an IP address with an optional port',
    ]);
    const file = '<all>\n<WhiteTabs>\n<WhiteTab id="0" IP="192.0.2.1"/>\n<WhiteTab id="1" IP="not-an-ip"/>\n</WhiteTabs>\n</all>';
    expect(await refused(file)).toEqual([
      'bad.xml:4:18: WhiteTabs/WhiteTab[id=1]@IP: value "not-an-ip" rejected: not an IP address or an IPv4 range (a.b.c.d/len)',
    ]);
  });

  it('an insert or delete without its other half, a repeated id, a row without id', async () => {
    expect(await refused(bad('    <RouteTab id="2" Prefix="1" InsertNumber="9"/>'))).toEqual([
      'bad.xml:5:5: RouteTabs/RouteTab[id=2]@InsertPosition: InsertPosition is missing: insert needs a position >= 0 and 1-32 keypad digits',
    ]);
    expect(await refused(bad('    <RouteTab id="2" Prefix="1" DeletePosition="0" DeleteLength="99"/>'))).toEqual([
      'bad.xml:5:52: RouteTabs/RouteTab[id=2]@DeleteLength: value "99" rejected: remove needs a position >= 0 and a count of 1-32',
    ]);
    expect(await refused(bad('    <RouteTab id="1" Prefix="2"/>'))).toEqual([
      'bad.xml:5:15: RouteTabs/RouteTab[id=1]@id: rule id 1 is already in the file (line 4)',
    ]);
    expect(await refused(bad('    <RouteTab Prefix="2"/>\n    <RouteTab id="0" Prefix="3"/>'))).toEqual([
      "bad.xml:5:5: RouteTabs/RouteTab: <RouteTab> has no id; which rule it is would be a guess",
      'bad.xml:6:15: RouteTabs/RouteTab[id=0]@id: value "0" rejected: id must be a unique integer >= 1',
    ]);
  });

  it('more rows than the table holds', async () => {
    const rows = Array.from({ length: 100 }, (_, n) => `    <RouteTab id="${n + 2}" Prefix="${n}"/>`).join('\n');
    const errors = await refused(bad(rows));
    expect(errors).toEqual(['bad.xml:104:5: RouteTabs: 101 dial plan rules; at most 100']);
  });
});

describe('one set of rules for the API and the file', () => {
  it('checkDialPlanRules refuses what the file import refuses, naming the rule', () => {
    expect(checkDialPlanRules([{ id: 1, prefix: 'abc' }])).toEqual({ ok: false, reason: 'rule 1: prefix must be 1-32 keypad characters' });
    expect(checkDialPlanRules([{ id: 1, prefix: '1' }, { id: 1, prefix: '2' }])).toEqual({ ok: false, reason: 'rule 2: id must be a unique integer >= 1' });
    expect(checkDialPlanRules([null])).toEqual({ ok: false, reason: 'rule 1 is not an object' });
  });

  it('writeDialPlan is all or nothing', async () => {
    const ps = await withTables();
    expect(writeDialPlan(ps.db, [...RULES, { id: 9, prefix: '1', ip: 'not-an-ip' }]).ok).toBe(false);
    expect(readDialPlan(ps.db)).toEqual(RULES);
    ps.close();
  });
});
