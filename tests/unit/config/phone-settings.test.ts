/**
 * PhoneSettings: the phone's settings + database + web logins as surfaces use them
 * (src/config/phone-settings.ts, escene-config-store.ts, phonebook-store.ts, web-logins.ts) — proves:
 *  - apply() is atomic: one bad value (or a broken cross-key rule) and nothing is written,
 *    every refused key listed; the user role gets 'forbidden' for admin keys, nothing written;
 *  - web logins have ONE truth, the hashed WebAccounts: a PATCH-style apply or an Escene import
 *    of passwords/password sets the logins (old password refused, new one accepted), the
 *    settings table never holds a web.* login key, reads show the login name and a masked
 *    password, the export writes the passwords empty, and an empty password in a file keeps
 *    the login; both logins with one name is refused;
 *  - 'reboot' keys are pending from their first change until they are back to the start value;
 *  - Escene round trip through a real data directory: import a file with unknown attributes and
 *    containers, close, reopen (a "restart"), export → the unknowns are there, and
 *    export → import → export is byte-identical; a file breaking a cross-key rule is refused
 *    whole (kept parts not stored either);
 *  - phonebook files: the fixture imports into db.contacts/db.groups and exports byte-identical
 *    (row ids, NewVer, Photo kept); 301 contacts or a duplicate speed dial is refused whole,
 *    the previous book untouched; the enterprise book is replaced as a whole;
 *  - factory reset empties settings, phonebooks, kept parts and puts the logins back to root/root.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PASSWORD_MASK,
  PhoneSettings,
  WebAccounts,
  exportEsceneConfig,
  exportPhonebook,
  importEsceneConfig,
  importPhonebook,
} from '../../../src/config/index.js';

const root = mkdtempSync(join(tmpdir(), 'sayhi-phone-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `d${++n}`);
const FIXTURES = join(import.meta.dirname, '../../fixtures/escene');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

let shared: Promise<WebAccounts> | undefined;
/** In memory; logins shared unless `own` (scrypt is slow on purpose). */
async function memory(own = false): Promise<PhoneSettings> {
  shared ??= WebAccounts.open(undefined);
  return PhoneSettings.open({ model: 'ES330', accounts: own ? await WebAccounts.open(undefined) : await shared });
}

describe('apply', () => {
  it('is atomic and lists every refused key', async () => {
    const ps = await memory();
    const bad = await ps.apply({ 'account.1.user': '1009', 'account.1.registerExpires': 5, 'no.such.key': 1 });
    expect(bad).toMatchObject({ ok: false, status: 'invalid' });
    if (!bad.ok) expect(bad.errors.map((e) => e.key).sort()).toEqual(['account.1.registerExpires', 'no.such.key']);
    expect(ps.settings.isStored('account.1.user')).toBe(false);
    const rule = await ps.apply({ 'sip.rtpPortMin': 30000, 'sip.rtpPortMax': 20000 });
    expect(rule.ok).toBe(false);
    const good = await ps.apply({ 'account.1.user': '1009', 'account.1.password': 'pw1009' });
    expect(good.ok).toBe(true);
    if (good.ok) {
      expect(good.changes.map((c) => c.key)).toEqual(['account.1.user', 'account.1.password']);
      expect(good.changes[1]).toMatchObject({ old: '', new: PASSWORD_MASK, effect: 'live' });
    }
    expect(ps.settings.get('account.1.password')).toBe('pw1009');
    expect(ps.snapshot()['account.1.password']).toBe(PASSWORD_MASK);
    ps.close();
  });

  it('refuses admin keys to the user login, writing nothing', async () => {
    const ps = await memory();
    const r = await ps.apply({ 'audio.volume.ring': 7, 'account.1.server': 'pbx' }, { role: 'user' });
    expect(r).toMatchObject({ ok: false, status: 'forbidden', errors: [{ key: 'account.1.server' }] });
    expect(ps.settings.get('audio.volume.ring')).toBe(5);
    expect((await ps.apply({ 'audio.volume.ring': 7 }, { role: 'user' })).ok).toBe(true);
    expect(Object.keys(ps.snapshot('user'))).not.toContain('account.1.password');
    expect(ps.schema('user').settings.every((s) => s.role === 'user')).toBe(true);
    ps.close();
  });

  it('keeps reboot keys pending until they are back to the start value', async () => {
    const ps = await memory();
    await ps.apply({ 'web.port': 8081 });
    ps.markStarted();
    expect(ps.pendingReboot()).toEqual([]);
    const r = await ps.apply({ 'web.port': 9090, 'network.mode': 'static', 'account.1.label': 'x' });
    expect(r.ok && ps.effectsOf(r.changes)).toEqual({ reboot: ['web.port'], host: ['network.mode'] });
    expect(ps.pendingReboot()).toEqual(['web.port']);
    await ps.apply({ 'web.port': 7070 });
    expect(ps.pendingReboot()).toEqual(['web.port']);
    await ps.apply({ 'web.port': 8081 });
    expect(ps.pendingReboot()).toEqual([]);
    ps.close();
  });
});

describe('web logins: one truth, hashed', () => {
  it('changes logins through apply, never storing them in the settings table', async () => {
    const ps = await memory(true);
    const r = await ps.apply({ 'web.adminUser': 'boss', 'web.adminPassword': 's3cret' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.changes.map((c) => [c.key, c.old, c.new])).toEqual([
      ['web.adminUser', 'root', 'boss'],
      ['web.adminPassword', PASSWORD_MASK, PASSWORD_MASK],
    ]);
    expect(await ps.accounts.verify('boss', 's3cret')).toBe('admin');
    expect(await ps.accounts.verify('root', 'root')).toBeUndefined();
    for (const key of ['web.adminUser', 'web.adminPassword', 'web.userName', 'web.userPassword']) expect(ps.settings.isStored(key), key).toBe(false);
    expect(ps.db.settings.entries().map(([k]) => k).filter((k) => k.startsWith('web.') && k !== 'web.port')).toEqual([]);
    expect(ps.snapshot()).toMatchObject({ 'web.adminUser': 'boss', 'web.adminPassword': PASSWORD_MASK, 'web.userName': 'user', 'web.userPassword': PASSWORD_MASK });
    expect(JSON.stringify(ps.snapshot())).not.toContain('s3cret');
    // the mask writes nothing; an empty password and a shared login name are refused
    expect((await ps.apply({ 'web.adminPassword': PASSWORD_MASK })).ok && (await ps.accounts.verify('boss', 's3cret'))).toBe('admin');
    expect(await ps.apply({ 'web.userPassword': '' })).toMatchObject({ ok: false, errors: [{ key: 'web.userPassword' }] });
    expect(await ps.apply({ 'web.userName': 'boss' })).toMatchObject({ ok: false, errors: [{ key: 'web.userName' }] });
    ps.close();
  });

  it('an Escene import sets the hashed logins; the export writes the passwords empty; empty keeps them', async () => {
    const ps = await memory(true);
    const file = '<all><passwords><password UsrName="admin2" Password="Adm1n" User="guest" UserPassword="G"/></passwords></all>';
    const r = await importEsceneConfig(ps, file);
    expect(r.ok).toBe(true);
    expect(await ps.accounts.verify('admin2', 'Adm1n')).toBe('admin');
    expect(await ps.accounts.verify('guest', 'G')).toBe('user');
    const xml = exportEsceneConfig(ps);
    expect(xml).toContain('<password UsrName="admin2" Password="" User="guest" UserPassword=""/>');
    expect(xml).not.toContain('Adm1n');
    expect((await importEsceneConfig(ps, xml)).ok).toBe(true);
    expect(await ps.accounts.verify('admin2', 'Adm1n')).toBe('admin');
    ps.close();
  });
});

describe('Escene config through a real data directory', () => {
  it('keeps unknown parts across a restart and round-trips byte for byte', async () => {
    const dir = freshDir();
    const first = await PhoneSettings.open({ dataDir: dir, model: 'ES330' });
    const file = fixture('fusionpbx-line1.xml').toString('utf8').replace('<all>', '<all>\n  <Gadgets>\n    <gadget Colour="teal"/>\n  </Gadgets>');
    const r = await importEsceneConfig(first, file, { file: 'line1.xml' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.changes.map((c) => c.key)).toEqual(expect.arrayContaining(['account.1.server', 'account.1.user', 'account.1.password']));
    first.close();

    const again = await PhoneSettings.open({ dataDir: dir, model: 'ES330' });
    const a = exportEsceneConfig(again);
    expect(a).toContain('VendorFlag="x"');
    expect(a).toContain('MouthSet="1"');
    expect(a).toContain('<gadget Colour="teal"/>');
    expect(a).toMatch(/<sipUser id="0" EnableAccount="1"[^>]* DomainName="127.0.0.1:25060"[^>]* UserNumber="1001"[^>]* Password="pw1001"/);
    expect((await importEsceneConfig(again, a)).ok).toBe(true);
    expect(exportEsceneConfig(again)).toBe(a);
    again.close();
  });

  it('refuses a file breaking a rule across keys, storing neither settings nor kept parts', async () => {
    const ps = await memory();
    const file = '<all><sipServers><sipserver BeginPort="30000" EndPort="20000"/></sipServers><Odd><odd a="1"/></Odd></all>';
    const r = await importEsceneConfig(ps, file, { file: 'x.xml' });
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'CFG_XML_VALUE', file: 'x.xml', where: 'sipServers/sipserver@BeginPort' }] });
    expect(ps.settings.isStored('sip.rtpPortMin')).toBe(false);
    expect(exportEsceneConfig(ps)).not.toContain('<Odd>');
    ps.close();
  });
});

describe('phonebook files', () => {
  it('imports the personal phonebook fixture and exports it byte for byte', async () => {
    const ps = await memory();
    const text = fixture('1001_Phonebook.xml').toString('utf8');
    const r = importPhonebook(ps.db, text, { kind: 'personal', accountCount: 3 });
    expect(r).toMatchObject({ ok: true, groups: 2, contacts: 3 });
    expect(ps.db.contacts.list().map((c) => [c.id, c.office, c.groupId, c.groupTwoId, c.speedDial])).toEqual([
      [1, '2001', 1, null, 0],
      [2, '2002', 2, 1, 3],
      [3, '2003', null, null, 0],
    ]);
    expect(exportPhonebook(ps.db, 'personal')).toBe(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'));
    ps.close();
  });

  it('refuses 301 contacts and a duplicate speed dial whole, keeping the previous book', async () => {
    const ps = await memory();
    importPhonebook(ps.db, fixture('1001_Phonebook.xml'), { kind: 'personal', accountCount: 3 });
    const full = importPhonebook(ps.db, fixture('bad-301-contacts.xml'), { kind: 'personal', accountCount: 3 });
    expect(full).toMatchObject({ ok: false, errors: [{ code: 'CFG_XML_LIMIT' }] });
    const dup =
      '<all><PhoneBooks><book Bookid="1" speedid="4" OfficeNum="1"/><book Bookid="2" speedid="4" OfficeNum="2"/></PhoneBooks></all>';
    const r = importPhonebook(ps.db, dup, { kind: 'personal', accountCount: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.reason).toMatch(/speed dial 4 .*nothing was imported/);
    expect(ps.db.contacts.count()).toBe(3);
    const ent = importPhonebook(ps.db, fixture('Enterprise_Phonebook.xml'), { kind: 'enterprise', accountCount: 3 });
    expect(ent.ok).toBe(true);
    expect(ps.db.enterprise.count()).toBeGreaterThan(0);
    expect(exportPhonebook(ps.db, 'enterprise')).toContain('<PhoneBooks>');
    ps.close();
  });
});

describe('factory reset', () => {
  it('empties settings, phonebooks and kept parts; logins back to the factory ones', async () => {
    const ps = await memory(true);
    await importEsceneConfig(ps, fixture('fusionpbx-line1.xml'));
    importPhonebook(ps.db, fixture('1001_Phonebook.xml'), { kind: 'personal', accountCount: 3 });
    await ps.apply({ 'web.adminPassword': 'changed' });
    const report = await ps.factoryReset();
    expect(report).toMatchObject({ contacts: 3, groups: 2, keptTexts: 2 });
    expect(report.settings).toBeGreaterThan(10);
    expect(ps.db.settings.entries()).toEqual([]);
    expect(ps.db.contacts.count()).toBe(0);
    expect(ps.settings.get('account.1.server')).toBe('');
    expect(exportEsceneConfig(ps)).not.toContain('VendorFlag');
    expect(await ps.accounts.verify('root', 'root')).toBe('admin');
    ps.close();
  });
});
