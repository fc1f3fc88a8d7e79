/**
 * Settings = registry + backend (src/config/registry/settings.ts) — proves:
 *  - get() returns the stored value or the default; a stored value that no longer fits
 *    (or was stored as text by a TEXT column) is re-checked on read;
 *  - setMany() is atomic: one bad value (or unknown key, or a cross-key rule such as
 *    RTP start < end) and nothing is written, every reason names its key; a good batch
 *    is exactly one backend write;
 *  - one 'changed' event per batch with old/new/effect of the keys whose value changed
 *    (none for a no-op write);
 *  - reset() of some keys or all restores defaults through deleteMany and announces it;
 *  - role filtering: a user login neither reads nor writes admin keys; snapshots mask
 *    passwords and writing the mask back leaves the password untouched;
 *  - the MemorySettingsBackend contract used by the SQLite store.
 */
import { describe, expect, it } from 'vitest';
import {
  MemorySettingsBackend,
  PASSWORD_MASK,
  Settings,
  createDefaultRegistry,
  type SettingChange,
} from '../../../src/config/index.js';

function fresh(): { settings: Settings; backend: MemorySettingsBackend; events: SettingChange[][] } {
  const backend = new MemorySettingsBackend();
  const settings = new Settings(createDefaultRegistry('ES330'), backend);
  const events: SettingChange[][] = [];
  settings.events.on('changed', (c) => events.push(c));
  return { settings, backend, events };
}

describe('Settings.get', () => {
  it('falls back to the manual default until a value is stored', () => {
    const { settings, backend } = fresh();
    expect(settings.get('account.1.registerExpires')).toBe(3600);
    expect(settings.isStored('account.1.registerExpires')).toBe(false);
    backend.setMany([['account.1.registerExpires', 600]]);
    expect(settings.int('account.1.registerExpires')).toBe(600);
    expect(settings.isStored('account.1.registerExpires')).toBe(true);
  });

  it('re-checks stored values: text from storage is coerced, an out-of-range value reads as the default', () => {
    const { settings, backend } = fresh();
    backend.setMany([
      ['account.1.enabled', '1'],
      ['account.1.transport', '2'],
      ['account.1.keepAliveInterval', 99999],
    ]);
    expect(settings.bool('account.1.enabled')).toBe(true);
    expect(settings.get('account.1.transport')).toBe('tls');
    expect(settings.get('account.1.keepAliveInterval')).toBe(30);
  });

  it('typed getters refuse the wrong kind (programmer error) and unknown keys throw', () => {
    const { settings } = fresh();
    expect(() => settings.int('account.1.enabled')).toThrow(/not an integer/);
    expect(() => settings.bool('sip.localPort')).toThrow(/not a boolean/);
    expect(() => settings.get('nope')).toThrow(/unknown setting nope/);
    expect(settings.string('sip.localPort')).toBe('5060');
  });
});

describe('Settings.setMany is atomic', () => {
  it('one bad value: nothing applied, no write, no event, the reason names the key', () => {
    const { settings, backend, events } = fresh();
    const res = settings.setMany({
      'account.1.enabled': true,
      'account.1.server': 'pbx.example.com',
      'account.1.registerExpires': 5,
    });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.errors).toEqual([{ key: 'account.1.registerExpires', reason: 'account.1.registerExpires: must be an integer 20..86400' }]);
      expect(res.reason).toContain('account.1.registerExpires');
    }
    expect(settings.get('account.1.enabled')).toBe(false);
    expect(settings.get('account.1.server')).toBe('');
    expect(backend.writes).toBe(0);
    expect(events).toEqual([]);
  });

  it('lists every failure, including unknown keys', () => {
    const { settings } = fresh();
    const res = settings.setMany([
      ['account.1.transport', 'sctp'],
      ['no.such.key', 1],
      ['qos.sipDscp', 64],
    ]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.map((e) => e.key)).toEqual(['account.1.transport', 'no.such.key', 'qos.sipDscp']);
  });

  it('a good batch is one backend write and one event with old/new/effect', () => {
    const { settings, backend, events } = fresh();
    const res = settings.setMany({ 'account.2.enabled': 'on', 'account.2.transport': 'TCP', 'web.port': '8080' });
    expect(res.ok).toBe(true);
    expect(backend.writes).toBe(1);
    expect(events).toEqual([
      [
        { key: 'account.2.enabled', old: false, new: true, effect: 'live' },
        { key: 'account.2.transport', old: 'udp', new: 'tcp', effect: 'live' },
        { key: 'web.port', old: 80, new: 8080, effect: 'reboot' },
      ],
    ]);
    expect(backend.entries()).toContainEqual(['web.port', 8080]);
  });

  it('writing the current value changes nothing and emits nothing', () => {
    const { settings, events } = fresh();
    const res = settings.set('sip.localPort', '5060');
    expect(res).toEqual({ ok: true, changes: [] });
    expect(events).toEqual([]);
  });

  it('cross-key rules see the batch as a whole (RTP start < end, codec slots)', () => {
    const { settings } = fresh();
    const bad = settings.set('sip.rtpPortMin', 20000);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toEqual({ key: 'sip.rtpPortMin', reason: 'sip.rtpPortMin..sip.rtpPortMax: the start must be below the end' });
    // moving both ends at once is fine
    expect(settings.setMany({ 'sip.rtpPortMin': 20000, 'sip.rtpPortMax': 20100 }).ok).toBe(true);
    expect(settings.get('sip.rtpPortMin')).toBe(20000);
    const dup = settings.set('audio.codec2', 'PCMU');
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.reason).toMatch(/PCMU is listed twice/);
    const none = settings.setMany({ 'audio.codec1': 'none', 'audio.codec2': 'none', 'audio.codec3': 'none' });
    expect(none.ok).toBe(false);
    expect(settings.get('audio.codec1')).toBe('PCMU');
  });
});

describe('Settings.reset', () => {
  it('restores defaults of the given keys, in one delete, and announces the change', () => {
    const { settings, backend, events } = fresh();
    settings.setMany({ 'call.dnd': true, 'call.autoAnswer': true });
    events.length = 0;
    const res = settings.reset(['call.dnd']);
    expect(res).toEqual({ ok: true, changes: [{ key: 'call.dnd', old: true, new: false, effect: 'live' }] });
    expect(settings.isStored('call.dnd')).toBe(false);
    expect(settings.get('call.autoAnswer')).toBe(true);
    expect(events).toHaveLength(1);
    expect(backend.writes).toBe(2);
  });

  it('reset() with no keys is a factory reset of every setting', () => {
    const { settings, backend } = fresh();
    settings.setMany({ 'call.dnd': true, 'account.3.user': '1003', 'network.mode': 'static' });
    const res = settings.reset();
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.changes.map((c) => c.key).sort()).toEqual(['account.3.user', 'call.dnd', 'network.mode']);
    expect(backend.entries()).toEqual([]);
  });

  it('an unknown key fails the whole reset', () => {
    const { settings } = fresh();
    settings.set('call.dnd', true);
    expect(settings.reset(['call.dnd', 'nope']).ok).toBe(false);
    expect(settings.get('call.dnd')).toBe(true);
  });
});

describe('role filtering (manual §7: admin and user logins)', () => {
  it('a user sees and changes only user keys', () => {
    const { settings } = fresh();
    const user = settings.forRole('user');
    expect(user.list().every((d) => d.role === 'user')).toBe(true);
    expect(user.list().length).toBeGreaterThan(20);
    expect(user.can('call.dnd')).toBe(true);
    expect(user.can('account.1.password')).toBe(false);
    expect(user.get('account.1.password')).toEqual({ ok: false, reason: 'account.1.password: only the administrator may see this setting' });
    expect(user.get('call.dnd')).toEqual({ ok: true, value: false });
    const res = user.setMany({ 'call.dnd': true, 'account.1.server': 'evil.example.com' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors).toEqual([{ key: 'account.1.server', reason: 'account.1.server: only the administrator may change this setting' }]);
    expect(settings.get('call.dnd')).toBe(false);
    expect(user.set('call.dnd', true).ok).toBe(true);
    expect(Object.keys(user.snapshot())).not.toContain('account.1.server');
    expect(user.schema().settings.every((s) => s.role === 'user')).toBe(true);
    expect(user.reset(['account.1.server']).ok).toBe(false);
  });

  it('the admin sees everything', () => {
    const { settings } = fresh();
    const admin = settings.forRole('admin');
    expect(admin.list()).toHaveLength(settings.registry.size);
    expect(admin.set('account.1.server', 'pbx.example.com').ok).toBe(true);
  });

  it('snapshots mask passwords; the mask written back keeps the password', () => {
    const { settings, events } = fresh();
    settings.set('account.1.password', 's3cret');
    events.length = 0;
    const snap = settings.snapshot({ maskPasswords: true });
    expect(snap['account.1.password']).toBe(PASSWORD_MASK);
    expect(snap['account.2.password']).toBe('');
    expect(settings.snapshot()['account.1.password']).toBe('s3cret');
    const res = settings.setMany({ 'account.1.password': PASSWORD_MASK, 'account.1.user': '1001' });
    expect(res.ok).toBe(true);
    expect(settings.get('account.1.password')).toBe('s3cret');
    expect(events[0]?.map((c) => c.key)).toEqual(['account.1.user']);
  });
});

describe('events', () => {
  it('a throwing listener does not undo or break the write', () => {
    const { settings } = fresh();
    const errors: unknown[] = [];
    settings.events.onListenerError = (err) => errors.push(err);
    settings.events.on('changed', () => {
      throw new Error('ui bug');
    });
    expect(settings.set('call.dnd', true).ok).toBe(true);
    expect(settings.get('call.dnd')).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
