/**
 * Proves the pure parts of the LDAP directory: RFC 4515 §3 escaping of what the
 * user typed, the manual's `%` / `%s` placeholder as a prefix match, the default
 * filters, entry mapping (name attribute order, numbers in attribute order,
 * case-insensitive attribute names), sorting, and reading ldap.<n>.* settings.
 */
import { describe, expect, it } from 'vitest';
import { FilterParser } from 'ldapts';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import {
  LdapDirectory,
  defaultFilter,
  escapeFilterValue,
  fillFilter,
  ldapServerConfig,
  ldapServerConfigs,
  sortLdapEntries,
  toLdapEntry,
} from '../../../src/directory/index.js';

describe('escapeFilterValue (RFC 4515 §3)', () => {
  it('escapes NUL, (, ), * and \\ as backslash + two hex digits', () => {
    expect(escapeFilterValue('a*b')).toBe('a\\2ab');
    expect(escapeFilterValue('(x)')).toBe('\\28x\\29');
    expect(escapeFilterValue('back\\slash')).toBe('back\\5cslash');
    expect(escapeFilterValue('nul\0end')).toBe('nul\\00end');
  });

  it('leaves ordinary and non-ASCII text alone', () => {
    expect(escapeFilterValue('Jürgen Groß')).toBe('Jürgen Groß');
    expect(escapeFilterValue('张伟')).toBe('张伟');
    expect(escapeFilterValue('+1 555')).toBe('+1 555');
  });
});

describe('fillFilter (manual 3.2.1: % is the prefix the user typed)', () => {
  it('replaces % and %s with the escaped text and a trailing *', () => {
    expect(fillFilter('(|(cn=%)(sn=%))', 'Al')).toBe('(|(cn=Al*)(sn=Al*))');
    expect(fillFilter('(|(telephoneNumber=%s)(Mobile=%s))', '10')).toBe('(|(telephoneNumber=10*)(Mobile=10*))');
  });

  it('typed filter syntax cannot change the filter: it stays one valid filter with the text as a value', () => {
    const f = fillFilter('(cn=%)', 'x*)(uid=*');
    expect(f).toBe('(cn=x\\2a\\29\\28uid=\\2a*)');
    const parsed = FilterParser.parseString(f);
    expect(parsed.toString()).toContain('cn=');
    expect(parsed.toString()).not.toContain('uid=*');
  });

  it('keeps a "contains" template as it is (no **) and wraps a filter without parentheses', () => {
    expect(fillFilter('(cn=*%*)', 'ob')).toBe('(cn=*ob*)');
    expect(fillFilter('cn=%', 'B')).toBe('(cn=B*)');
  });

  it('default filters from the attributes', () => {
    expect(defaultFilter(['cn'])).toBe('(cn=%)');
    expect(defaultFilter(['telephoneNumber', 'mobile'])).toBe('(|(telephoneNumber=%)(mobile=%))');
  });
});

describe('toLdapEntry (manual 3.2.9/3.2.10 attributes)', () => {
  it('name = first name attribute with a value; numbers = values in attribute order, once each', () => {
    const e = toLdapEntry(
      { dn: 'uid=a', cn: 'Alice Anderson', displayName: 'Alice A.', telephoneNumber: ['1001', '1009'], Mobile: '+1555', homePhone: '1001' },
      ['displayName', 'cn'],
      ['mobile', 'telephoneNumber', 'homePhone'],
    );
    expect(e).toEqual({ name: 'Alice A.', numbers: ['+1555', '1001', '1009'] });
  });

  it('falls back to the next name attribute, decodes Buffers as UTF-8, and drops empty entries', () => {
    expect(toLdapEntry({ cn: Buffer.from('Jürgen Groß') }, ['displayName', 'cn'], ['telephoneNumber'])).toEqual({ name: 'Jürgen Groß', numbers: [] });
    expect(toLdapEntry({ dn: 'x', mail: 'a@b' }, ['cn'], ['telephoneNumber'])).toBeUndefined();
  });

  it('sorts by name, or by number when there are no names (manual 3.2.14)', () => {
    expect(sortLdapEntries([{ name: 'Bob', numbers: [] }, { name: 'alice', numbers: [] }]).map((e) => e.name)).toEqual(['alice', 'Bob']);
    expect(sortLdapEntries([{ name: '', numbers: ['100'] }, { name: '', numbers: ['20'] }]).map((e) => e.numbers[0])).toEqual(['20', '100']);
  });
});

describe('ldapServerConfig (settings ldap.<n>.*)', () => {
  const settingsWith = (values: Record<string, unknown>): Settings => {
    const s = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
    const r = s.setMany(values);
    expect(r.ok).toBe(true);
    return s;
  };

  it('is not configured until enabled with an address other than 0.0.0.0', async () => {
    expect(ldapServerConfigs(settingsWith({}))).toEqual([]);
    expect(ldapServerConfig(settingsWith({ 'ldap.1.enabled': true }), 1)).toBeUndefined();
    expect(ldapServerConfig(settingsWith({ 'ldap.1.server': '10.0.0.1' }), 1)).toBeUndefined();
    const dir = new LdapDirectory({ settings: settingsWith({}) });
    expect(dir.configured()).toBe(false);
    await expect(dir.search('name', 'a')).rejects.toThrow(/not configured/);
  });

  it('reads the page, with default attributes and filters when blank', () => {
    const s = settingsWith({ 'ldap.2.enabled': true, 'ldap.2.server': '127.0.0.1', 'ldap.2.port': 25389, 'ldap.2.base': 'dc=example,dc=com', 'ldap.2.maxHits': 5 });
    expect(new LdapDirectory({ settings: s }).configured()).toBe(true);
    const c = ldapServerConfigs(s);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      index: 2,
      host: '127.0.0.1',
      port: 25389,
      maxHits: 5,
      nameAttributes: ['cn'],
      numberAttributes: ['telephoneNumber', 'mobile'],
      nameFilter: '(cn=%)',
      numberFilter: '(|(telephoneNumber=%)(mobile=%))',
    });
  });

  it('takes the configured attributes in order, each once', () => {
    const s = settingsWith({
      'ldap.1.enabled': true,
      'ldap.1.server': 'ldap.example.com',
      'ldap.1.nameAttribute1': 'displayName',
      'ldap.1.nameAttribute2': 'cn',
      'ldap.1.nameAttribute3': 'CN',
      'ldap.1.numberAttribute2': 'mobile',
      'ldap.1.nameFilter': '(|(cn=%s)(sn=%s))',
    });
    expect(ldapServerConfig(s, 1)).toMatchObject({ nameAttributes: ['displayName', 'cn'], numberAttributes: ['mobile'], nameFilter: '(|(cn=%s)(sn=%s))' });
  });
});
