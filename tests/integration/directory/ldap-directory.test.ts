/**
 * Proves the LDAP directory against a real OpenLDAP slapd (tests/lab/slapd.ts,
 * 127.0.0.1:25389, dc=example,dc=com): name and number searches with the
 * manual's prefix filters, numbers in attribute order, Max.Hits, non-ASCII names,
 * a wrong bind password, failover from a dead server 1 to server 2, both dead,
 * a server that accepts but never answers (timeout), and one search driven
 * through the LCD: MENU > Phone book > LDAP > Search name, multi-tap, OK; the
 * page's two lookups: a caller without a name rings with the directory's name,
 * digits typed list the directory's entries.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { LdapDirectory } from '../../../src/directory/index.js';
import { portIsFree, startSlapd, stopAllLab, type Slapd } from '../../lab/index.js';
import { makeDevice } from '../../unit/device/fake-phone.js';
import { follow } from '../../unit/device/menu-driver.js';

/** In the port plan's gap next to slapd, and checked free before use: nothing listens there. */
const DEAD_PORT = 25388;

let ldap: Slapd;

beforeAll(async () => {
  ldap = await startSlapd();
  expect(await portIsFree({ port: DEAD_PORT, proto: 'tcp' })).toBe(true);
});
afterAll(stopAllLab);

function settingsFor(servers: Array<Record<string, unknown>>): Settings {
  const s = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const values: Record<string, unknown> = {};
  servers.forEach((server, i) => {
    const defaults = {
      enabled: true,
      server: '127.0.0.1',
      port: ldap.port,
      base: ldap.base,
      nameFilter: '(|(cn=%)(sn=%))',
      numberFilter: '(|(telephoneNumber=%s)(mobile=%s))',
      nameAttribute1: 'cn',
      numberAttribute1: 'telephoneNumber',
      numberAttribute2: 'mobile',
    };
    for (const [k, v] of Object.entries({ ...defaults, ...server })) values[`ldap.${i + 1}.${k}`] = v;
  });
  const r = s.setMany(values);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return s;
}

describe('LdapDirectory against slapd', () => {
  it('search by name: prefix on cn or sn, numbers in attribute order (telephoneNumber, then mobile)', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{}]) });
    expect(dir.configured()).toBe(true);
    const found = await dir.search('name', 'Al');
    expect(found.map((e) => e.name).sort()).toEqual(['Albert Einstein', 'Alan Turing', 'Alice Anderson'].sort());
    expect(found.find((e) => e.name === 'Alice Anderson')!.numbers).toEqual(['1001', '+15550101001']);
    // sn prefix; multi-valued telephoneNumber keeps both values before the mobile
    expect(await dir.search('name', 'Bro')).toEqual([{ name: 'Bob Brown', numbers: ['2001', '2002', '+15550102001'] }]);
    expect(await dir.search('name', 'Nobody')).toEqual([]);
  });

  it('search by number on telephoneNumber or mobile', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{}]) });
    expect(await dir.search('number', '200')).toEqual([{ name: 'Bob Brown', numbers: ['2001', '2002', '+15550102001'] }]);
    const mobile = await dir.search('number', '+1555010100');
    expect(mobile.map((e) => e.name).sort()).toEqual(['Albert Einstein', 'Alice Anderson']);
  });

  it('typed filter characters are data: "Star*" finds the entry whose cn has a *, "*" alone finds nothing', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{}]) });
    expect((await dir.search('name', 'Star*C')).map((e) => e.name)).toEqual(['Star*Case (HQ)']);
    expect(await dir.search('name', '*')).toEqual([]);
    expect(await dir.search('name', ')(')).toEqual([]);
  });

  it('Max.Hits limits the count; the display name attribute wins over cn when set first', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{ maxHits: 2, nameAttribute1: 'displayName', nameAttribute2: 'cn' }]) });
    const found = await dir.search('name', 'Al');
    expect(found).toHaveLength(2);
    const all = await new LdapDirectory({ settings: settingsFor([{ nameAttribute1: 'displayName', nameAttribute2: 'cn', sortResults: true }]) }).search('name', 'Al');
    expect(all.map((e) => e.name)).toEqual(['Alan Turing', 'Albert Einstein', 'Alice A.']);
  });

  it('finds and shows non-ASCII names (UTF-8 on the wire)', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{}]) });
    expect(await dir.search('name', 'Jürg')).toEqual([{ name: 'Jürgen Groß', numbers: ['3001'] }]);
    expect(await dir.search('name', 'Groß')).toEqual([{ name: 'Jürgen Groß', numbers: ['3001'] }]);
    expect(await dir.search('name', '张')).toEqual([{ name: '张伟', numbers: ['4001', '+8613800000001'] }]);
  });

  it('binds with the admin DN; a wrong password rejects with a clear message', async () => {
    const ok = new LdapDirectory({ settings: settingsFor([{ user: ldap.adminDn, password: ldap.adminPassword }]) });
    expect((await ok.search('number', '3001'))[0]?.name).toBe('Jürgen Groß');
    const bad = new LdapDirectory({ settings: settingsFor([{ user: ldap.adminDn, password: 'wrong' }]) });
    await expect(bad.search('name', 'Al')).rejects.toThrow(`LDAP server 127.0.0.1:${ldap.port}: invalid credentials`);
    const noPassword = new LdapDirectory({ settings: settingsFor([{ user: ldap.adminDn }]) });
    await expect(noPassword.search('name', 'Al')).rejects.toThrow(/no Password/);
  });

  it('a Base that does not exist is named as such', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{ base: 'dc=nowhere,dc=com' }]) });
    await expect(dir.search('name', 'Al')).rejects.toThrow(/no such object/);
  });

  it('server 1 down, server 2 up: the answer comes from server 2', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{ port: DEAD_PORT }, {}]) });
    expect(await dir.search('number', '1002')).toEqual([{ name: 'Alan Turing', numbers: ['1002'] }]);
  });

  it('both down: a clear error naming both servers, well within the timeout', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{ port: DEAD_PORT }, { port: DEAD_PORT }]), timeoutMs: 2000 });
    const t0 = Date.now();
    await expect(dir.search('name', 'Al')).rejects.toThrow(`LDAP server 127.0.0.1:${DEAD_PORT}: connection refused; LDAP server 127.0.0.1:${DEAD_PORT}: connection refused`);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a server that accepts but never answers: rejects after the timeout, then server 2 answers', async () => {
    const silent = net.createServer(() => {}); // accepts, reads nothing, says nothing
    await new Promise<void>((resolve) => silent.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const lone = new LdapDirectory({ settings: settingsFor([{ port }]), timeoutMs: 300 });
      const t0 = Date.now();
      await expect(lone.search('name', 'Al')).rejects.toThrow(`LDAP server 127.0.0.1:${port}: no answer within 300 ms`);
      expect(Date.now() - t0).toBeLessThan(1500);
      const withBackup = new LdapDirectory({ settings: settingsFor([{ port }, {}]), timeoutMs: 300 });
      expect((await withBackup.search('number', '4001'))[0]?.name).toBe('张伟');
    } finally {
      silent.close();
    }
  });
});

describe('LCD: MENU > Phone book > LDAP against slapd', () => {
  /** The real search is network I/O, not a microtask: wait (bounded) for the LCD to change. */
  async function waitLine(read: () => string | undefined, want: string): Promise<void> {
    for (let i = 0; i < 100 && read() !== want; i++) await new Promise((r) => setTimeout(r, 20));
    expect(read()).toBe(want);
  }

  it('Search name: multi-tap "J", OK; the LCD lists Jürgen Groß with his number and Dial dials it', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{}]) });
    const t = makeDevice({ directory: dir });
    await follow(t.device, ['Phone book', 'LDAP', 'Search name'], { clock: t.clock });
    expect(t.device.snapshot().lines[1]).toBe('Name');
    await t.device.keys('5'); // JKL key, ABC mode: J
    await t.device.press('ok');
    await waitLine(() => t.device.snapshot().lines[1], 'Jürgen Groß  3001');
    await t.device.press('soft1'); // Dial: one number, dialled at once
    expect(t.phone.commands('dial')[0]?.args[0]).toBe('3001');
  });

  it('Search number: digits, OK; the Chinese name is shown', async () => {
    const dir = new LdapDirectory({ settings: settingsFor([{}]) });
    const t = makeDevice({ directory: dir });
    await follow(t.device, ['Phone book', 'LDAP', 'Search number'], { clock: t.clock });
    await t.device.keys('4001{ok}');
    await waitLine(() => t.device.snapshot().lines[1], '张伟  4001');
  });
});

describe("the LDAP page's two lookups against slapd", () => {
  /** The real search is network I/O: wait (bounded) for `read` to give `want`. */
  async function waitFor<T>(read: () => T, want: T): Promise<void> {
    for (let i = 0; i < 100 && read() !== want; i++) await new Promise((r) => setTimeout(r, 20));
    expect(read()).toBe(want);
  }

  it('ask only the servers with that switch on', async () => {
    const off = new LdapDirectory({ settings: settingsFor([{}]) });
    expect(await off.search('number', '3001', 'incoming')).toEqual([]);
    expect(await off.search('number', '30', 'dial')).toEqual([]);
    const on = new LdapDirectory({ settings: settingsFor([{ lookupIncoming: true, lookupDial: true }]) });
    expect((await on.search('number', '3001', 'incoming'))[0]?.name).toBe('Jürgen Groß');
  });

  it('Lookup for Incoming Call: a caller without a name rings with the directory name on the LCD', async () => {
    const t = makeDevice({ directory: new LdapDirectory({ settings: settingsFor([{ lookupIncoming: true }]) }) });
    t.phone.addCall({ remote: 'sip:3001@127.0.0.1', remoteName: undefined, state: 'ringing' });
    expect(t.device.screenName()).toBe('ringing');
    await waitFor(() => t.device.snapshot().lines[1], 'Jürgen Groß');
    expect(t.device.snapshot().lines[2]).toBe('3001');
  });

  it('Lookup for PreDial/Dial: digits typed list the directory entries under the number after a pause', async () => {
    const t = makeDevice({ directory: new LdapDirectory({ settings: settingsFor([{ lookupDial: true }]) }) });
    await t.device.keys('400');
    expect(t.device.snapshot().lines.join('|')).not.toContain('张伟');
    await t.clock.advanceAsync(400);
    await waitFor(() => t.device.snapshot().lines.some((l) => l.includes('张伟')), true);
  });
});

