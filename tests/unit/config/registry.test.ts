/**
 * SettingsRegistry core (src/config/registry) — proves:
 *  - define() refuses, at startup, a duplicate key, a duplicate XML location, a default
 *    that fails its own rules (range, enum, pattern, length, canonical form), ambiguous enum
 *    names, bad patterns and misplaced min/max/options;
 *  - validate() coerces what surfaces send (JSON values; strings from XML/telnet/CLI:
 *    "1"/"on"/"true" bools, digit strings, enum value/label/XML code) and rejects the rest
 *    with a reason that names the key and the allowed range/options;
 *  - host/ip/port syntax: names, IPv4, [IPv6]:port, bare IPv6; broken dotted quads and
 *    bad ports refused;
 *  - toXml/fromXml use 0/1 for bools and the enum XML codes; toXml throws on a bad value;
 *  - list() filters (role/page/prefix/effect), byXml() finds a declaration by location,
 *    schema() never leaks password defaults.
 */
import { describe, expect, it } from 'vitest';
import { SayhiError } from '../../../src/base/index.js';
import { SettingsRegistry, isHostPort, type SettingDef } from '../../../src/config/index.js';

function def(over: Partial<SettingDef> & Pick<SettingDef, 'key' | 'kind' | 'default'>): SettingDef {
  return { role: 'admin', effect: 'live', page: 'Test', label: over.key, ...over };
}

function sample(): SettingsRegistry {
  const r = new SettingsRegistry('TEST');
  r.define(def({ key: 'a.expires', kind: 'int', default: 3600, min: 30, max: 86400, xml: { container: 'Cs', element: 'c', attribute: 'Exp', id: 0 } }));
  r.define(def({ key: 'a.on', kind: 'bool', default: false, role: 'user', xml: { container: 'Cs', element: 'c', attribute: 'On', id: 0 } }));
  r.define(
    def({
      key: 'a.transport',
      kind: 'enum',
      default: 'udp',
      options: [
        { value: 'udp', label: 'UDP', xml: '0' },
        { value: 'tcp', label: 'TCP', xml: '1' },
        { value: 'tls', label: 'TLS', xml: '2' },
      ],
      xml: { container: 'Cs', element: 'c', attribute: 'LinkUse', id: 0 },
    }),
  );
  r.define(def({ key: 'a.user', kind: 'string', default: '', maxLength: 8, pattern: '[0-9]*', page: 'Other' }));
  r.define(def({ key: 'a.server', kind: 'host', default: '' }));
  r.define(def({ key: 'a.ip', kind: 'ip', default: '', effect: 'host' }));
  r.define(def({ key: 'a.port', kind: 'port', default: 5060 }));
  r.define(def({ key: 'a.secret', kind: 'password', default: 'root', maxLength: 16 }));
  return r;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SayhiError);
    return (err as SayhiError).code;
  }
  return 'no error';
}

describe('SettingsRegistry.define', () => {
  it('keeps declaration order and refuses a duplicate key', () => {
    const r = sample();
    expect(r.keys().slice(0, 3)).toEqual(['a.expires', 'a.on', 'a.transport']);
    expect(code(() => r.define(def({ key: 'a.on', kind: 'bool', default: true })))).toBe('CFG_DUPLICATE_KEY');
  });

  it('refuses two keys on one XML location', () => {
    const r = sample();
    const clash = def({ key: 'b.on', kind: 'bool', default: false, xml: { container: 'Cs', element: 'c', attribute: 'On', id: 0 } });
    expect(code(() => r.define(clash))).toBe('CFG_DUPLICATE_XML');
    // the same attribute on another row is a different location
    r.define({ ...clash, xml: { ...clash.xml!, id: 1 } });
    expect(r.byXml({ container: 'Cs', element: 'c', attribute: 'On', id: 1 })?.key).toBe('b.on');
  });

  it.each([
    ['out of range', def({ key: 'x.n', kind: 'int', default: 5, min: 10, max: 20 })],
    ['not an int', def({ key: 'x.n', kind: 'int', default: 1.5 })],
    ['enum default not an option', def({ key: 'x.e', kind: 'enum', default: 'c', options: [{ value: 'a', label: 'A' }] })],
    ['enum in non-canonical form (label)', def({ key: 'x.e', kind: 'enum', default: 'A', options: [{ value: 'a', label: 'A' }] })],
    ['enum without options', def({ key: 'x.e', kind: 'enum', default: 'a', options: [] })],
    ['string too long', def({ key: 'x.s', kind: 'string', default: 'abcdef', maxLength: 3 })],
    ['pattern mismatch', def({ key: 'x.s', kind: 'string', default: 'ab', pattern: '[0-9]*' })],
    ['bad pattern', def({ key: 'x.s', kind: 'string', default: '', pattern: '(' })],
    ['bool given a string', def({ key: 'x.b', kind: 'bool', default: 'yes' })],
    ['min > max', def({ key: 'x.n', kind: 'int', default: 5, min: 9, max: 1 })],
    ['min on a string', def({ key: 'x.s', kind: 'string', default: '', min: 1 })],
    ['options on an int', def({ key: 'x.n', kind: 'int', default: 1, options: [{ value: '1', label: 'one' }] })],
    ['bad key', def({ key: 'X..y', kind: 'bool', default: false })],
    ['port 0', def({ key: 'x.p', kind: 'port', default: 0 })],
    ['bad host', def({ key: 'x.h', kind: 'host', default: 'a b' })],
  ])('refuses a bad declaration: %s', (_why, bad) => {
    expect(code(() => new SettingsRegistry().define(bad))).toBe('CFG_BAD_DECLARATION');
  });

  it.each([
    ['two options share a value', [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }]],
    ['two options share an XML code', [{ value: 'a', label: 'A', xml: '0' }, { value: 'b', label: 'B', xml: '0' }]],
    ['an XML code equals another value', [{ value: 'a', label: 'A', xml: 'b' }, { value: 'b', label: 'B' }]],
    ['labels differ only in case', [{ value: 'a', label: 'Off' }, { value: 'b', label: 'OFF' }]],
  ])('refuses an ambiguous enum: %s', (_why, options) => {
    expect(code(() => new SettingsRegistry().define(def({ key: 'x.e', kind: 'enum', default: 'a', options })))).toBe('CFG_BAD_DECLARATION');
  });

  it('stores a frozen copy: later edits of the caller object change nothing', () => {
    const r = new SettingsRegistry();
    const d = def({ key: 'x.n', kind: 'int', default: 1, min: 0, max: 9 });
    r.define(d);
    d.max = 1000;
    expect(r.def('x.n').max).toBe(9);
    expect(Object.isFrozen(r.def('x.n'))).toBe(true);
  });

  it('def() throws on an unknown key, find() returns undefined', () => {
    expect(code(() => sample().def('nope'))).toBe('CFG_UNKNOWN_KEY');
    expect(sample().find('nope')).toBeUndefined();
  });
});

describe('SettingsRegistry.validate', () => {
  const r = sample();

  it('ints: numbers and digit strings in range; reason names key and range', () => {
    expect(r.validate('a.expires', 3600)).toEqual({ ok: true, value: 3600 });
    expect(r.validate('a.expires', ' 120 ')).toEqual({ ok: true, value: 120 });
    expect(r.validate('a.expires', '+30')).toEqual({ ok: true, value: 30 });
    expect(r.validate('a.expires', 86400)).toEqual({ ok: true, value: 86400 });
    for (const bad of [29, 86401, 60.5, '60s', '', '0x20', '1e3', null, true, Number.NaN, '99999999999999999999']) {
      expect(r.validate('a.expires', bad)).toEqual({ ok: false, reason: 'a.expires: must be an integer 30..86400' });
    }
  });

  it('bools: true/false, 1/0 and the usual words; nothing else', () => {
    for (const t of [true, 1, '1', 'true', 'TRUE', 'on', 'yes', ' enable ']) expect(r.validate('a.on', t)).toEqual({ ok: true, value: true });
    for (const f of [false, 0, '0', 'false', 'off', 'no', 'Disabled']) expect(r.validate('a.on', f)).toEqual({ ok: true, value: false });
    for (const bad of [2, '2', '', 'maybe', null, undefined]) {
      const res = r.validate('a.on', bad);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.reason).toMatch(/^a\.on: must be a boolean/);
    }
  });

  it('enums: value, XML code or label (any case) give the value; the reason lists the options', () => {
    expect(r.validate('a.transport', 'tcp')).toEqual({ ok: true, value: 'tcp' });
    expect(r.validate('a.transport', '2')).toEqual({ ok: true, value: 'tls' });
    expect(r.validate('a.transport', 2)).toEqual({ ok: true, value: 'tls' });
    expect(r.validate('a.transport', 'Tls')).toEqual({ ok: true, value: 'tls' });
    expect(r.validate('a.transport', 'sctp')).toEqual({ ok: false, reason: 'a.transport: must be one of udp (UDP), tcp (TCP), tls (TLS)' });
    expect(r.validate('a.transport', '3').ok).toBe(false);
  });

  it('strings: length (in characters), pattern, no control characters; numbers become text', () => {
    expect(r.validate('a.user', '1001')).toEqual({ ok: true, value: '1001' });
    expect(r.validate('a.user', 1001)).toEqual({ ok: true, value: '1001' });
    expect(r.validate('a.user', '123456789')).toEqual({ ok: false, reason: 'a.user: must be at most 8 characters' });
    expect(r.validate('a.user', '10a1')).toEqual({ ok: false, reason: 'a.user: must match [0-9]*' });
    expect(r.validate('a.user', '1\n2').ok).toBe(false);
    expect(r.validate('a.user', { x: 1 })).toEqual({ ok: false, reason: 'a.user: must be a string' });
    // the pattern is anchored: a matching prefix is not enough
    expect(r.validate('a.user', '12x').ok).toBe(false);
    expect(r.validate('a.secret', '€'.repeat(16))).toEqual({ ok: true, value: '€'.repeat(16) });
  });

  it('host: names, IPv4, [IPv6], optional port; trimmed; empty allowed', () => {
    for (const good of ['', 'pbx', 'pbx.example.com', 'pbx.example.com:5061', '10.0.0.1', '10.0.0.1:5060', '[::1]', '[2001:db8::1]:5061', '::1', 'a-b.c1']) {
      expect(r.validate('a.server', good).ok, good).toBe(true);
    }
    expect(r.validate('a.server', ' pbx.example.com ')).toEqual({ ok: true, value: 'pbx.example.com' });
    for (const bad of ['999.1.1.1', '10.0.0.1:0', 'pbx:65536', 'pbx:', 'a b', '-pbx', 'pbx-.com', 'pbx..com', '[::1', '[::1]x', '[pbx]:5060', 'sip:pbx', `${'a'.repeat(64)}.com`]) {
      const res = r.validate('a.server', bad);
      expect(res.ok, bad).toBe(false);
      if (!res.ok) expect(res.reason).toBe('a.server: must be a host name or IP address, optionally with :port');
    }
    expect(isHostPort('[::ffff:10.0.0.1]:1')).toBe(true);
  });

  it('ip: v4 or v6 only, no port, no names', () => {
    expect(r.validate('a.ip', '192.168.0.200')).toEqual({ ok: true, value: '192.168.0.200' });
    expect(r.validate('a.ip', 'fe80::1').ok).toBe(true);
    expect(r.validate('a.ip', '')).toEqual({ ok: true, value: '' });
    for (const bad of ['192.168.0.256', '192.168.0.1:80', 'pbx.example.com', '1.2.3']) {
      expect(r.validate('a.ip', bad)).toEqual({ ok: false, reason: 'a.ip: must be an IPv4 or IPv6 address' });
    }
  });

  it('port: 1..65535 by default', () => {
    expect(r.validate('a.port', '5061')).toEqual({ ok: true, value: 5061 });
    expect(r.validate('a.port', 0)).toEqual({ ok: false, reason: 'a.port: must be a port 1..65535' });
    expect(r.validate('a.port', 65536).ok).toBe(false);
  });

  it('an unknown key is a reason, not a throw', () => {
    expect(r.validate('nope', 1)).toEqual({ ok: false, reason: 'nope: unknown setting' });
    expect(r.fromXml('nope', '1')).toEqual({ ok: false, reason: 'nope: unknown setting' });
  });
});

describe('SettingsRegistry XML codec', () => {
  const r = sample();

  it('bools are 0/1, enums their XML code, ints decimal, strings as they are', () => {
    expect(r.toXml('a.on', true)).toBe('1');
    expect(r.toXml('a.on', false)).toBe('0');
    expect(r.toXml('a.transport', 'tls')).toBe('2');
    expect(r.toXml('a.expires', 120)).toBe('120');
    expect(r.toXml('a.user', '1001')).toBe('1001');
    expect(r.fromXml('a.transport', '1')).toEqual({ ok: true, value: 'tcp' });
    expect(r.fromXml('a.on', '1')).toEqual({ ok: true, value: true });
    expect(r.fromXml('a.expires', '3600')).toEqual({ ok: true, value: 3600 });
  });

  it('fromXml reports values the phone cannot use instead of guessing', () => {
    expect(r.fromXml('a.transport', '7')).toEqual({ ok: false, reason: 'a.transport: must be one of udp (UDP), tcp (TCP), tls (TLS)' });
    expect(r.fromXml('a.expires', '')).toEqual({ ok: false, reason: 'a.expires: must be an integer 30..86400' });
    expect(r.fromXml('a.on', '2').ok).toBe(false);
  });

  it('toXml throws CFG_VALUE on a value that does not validate (a programmer error)', () => {
    expect(code(() => r.toXml('a.expires', 5))).toBe('CFG_VALUE');
    expect(code(() => r.toXml('nope', 5))).toBe('CFG_UNKNOWN_KEY');
  });
});

describe('SettingsRegistry lists and schema', () => {
  const r = sample();

  it('filters by role, page, prefix and effect', () => {
    expect(r.list({ role: 'user' }).map((d) => d.key)).toEqual(['a.on']);
    expect(r.list({ role: 'admin' })).toHaveLength(r.size);
    expect(r.list({ page: 'Other' }).map((d) => d.key)).toEqual(['a.user']);
    expect(r.list({ prefix: 'a.s' }).map((d) => d.key)).toEqual(['a.server', 'a.secret']);
    expect(r.list({ effect: 'host' }).map((d) => d.key)).toEqual(['a.ip']);
    expect(r.pages()).toEqual(['Test', 'Other']);
  });

  it('schema(): JSON types, ranges, options, XML; password defaults left out', () => {
    const schema = r.schema();
    expect(schema).toMatchObject({ version: 1, model: 'TEST', count: r.size });
    const byKey = new Map(schema.settings.map((s) => [s.key, s]));
    expect(byKey.get('a.expires')).toMatchObject({ type: 'integer', default: 3600, min: 30, max: 86400, xml: { attribute: 'Exp', id: 0 } });
    expect(byKey.get('a.port')).toMatchObject({ type: 'integer', min: 1, max: 65535 });
    expect(byKey.get('a.on')).toMatchObject({ type: 'boolean', role: 'user' });
    expect(byKey.get('a.transport')?.options?.map((o) => o.xml)).toEqual(['0', '1', '2']);
    expect(byKey.get('a.secret')).not.toHaveProperty('default');
    expect(JSON.stringify(schema)).not.toContain('root');
    expect(r.schema({ role: 'user' }).count).toBe(1);
  });
});
