/**
 * The Programmable Keys page's Line Keys and Function Keys on the face
 * (manual §7): a line key given a key function lights and acts as that key;
 * a fixed key set to another job does it on the idle screen, and keeps its
 * own job in a call.
 */
import { describe, expect, it } from 'vitest';
import { importKeys } from '../../../src/config/index.js';
import type { KeyPressResult, KeyRef, ProgrammableKeyStatus } from '../../../src/phone/index.js';
import { FakePhone, makeDevice } from './fake-phone.js';

class KeysPhone extends FakePhone {
  async pressProgrammableKey(key: KeyRef): Promise<KeyPressResult> {
    this.log.push({ cmd: 'pressProgrammableKey', args: [key] });
    return { key: String(key), action: 'dialed' };
  }
}

// ProgramKey ids (escene-formats.md §4): 0 idle soft key 1, 4 Up, 9 Conference, 10 Redial, 12 Hold, 13 Service, 15 Menu
const FUNCTION_KEYS = `<all><ProgramKeys>
  <ProgramKey id="0" SipAccounts="127" Type="2" Num="" Name="DND"/>
  <ProgramKey id="4" SipAccounts="127" Type="9" Num="" Name="Missed"/>
  <ProgramKey id="10" SipAccounts="1" Type="7" Num="1005" Name="Boss"/>
  <ProgramKey id="12" SipAccounts="127" Type="16" Num="" Name="Status"/>
  <ProgramKey id="13" SipAccounts="127" Type="13" Num="" Name="SMS"/>
  <ProgramKey id="9" SipAccounts="127" Type="18" Num="" Name="XML"/>
  <ProgramKey id="15" SipAccounts="127" Type="3" Num="" Name="Contacts"/>
</ProgramKeys></all>`;

/** C until the idle screen (bounded). */
async function backToIdle(device: ReturnType<typeof makeDevice>['device']): Promise<void> {
  for (let i = 0; i < 6 && device.snapshot().screen !== 'idle'; i++) await device.press('c');
  expect(device.snapshot().screen).toBe('idle');
}

function keysDevice() {
  const t = makeDevice({ makePhone: (clock) => new KeysPhone('ES330', () => clock.wallTime()) });
  const r = importKeys(t.db, FUNCTION_KEYS, { accountCount: 3 });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { ...t, phone: t.phone as KeysPhone };
}

describe('function keys (ProgramKeys) on the idle screen', () => {
  it('each remapped key does its new job', async () => {
    const { device, settings, phone, clock } = keysDevice();
    await device.press('soft1');
    expect(settings.get('call.dnd')).toBe(true);
    expect(device.snapshot().notice).toBe('DND on');
    await clock.advanceAsync(2000);

    await device.press('up');
    expect(device.snapshot().menuPath).toEqual(['Menu', 'Call history', 'Missed calls']);
    await backToIdle(device);

    await device.press('menu');
    expect(device.snapshot().menuPath).toEqual(['Menu', 'Phone book', 'Personal phone book', 'View all']);
    await backToIdle(device);

    await device.press('service');
    expect(device.snapshot().menuPath).toEqual(['Text messages']);
    await backToIdle(device);

    await device.press('conference');
    expect(device.snapshot().notice).toBe('Not on this phone');
    await clock.advanceAsync(2000);

    await device.press('hold');
    expect(device.snapshot().menuPath).toEqual(['Menu', 'View status']);
    await backToIdle(device);

    await device.press('redial');
    expect(phone.commands('dial')).toEqual([{ cmd: 'dial', args: ['1005', { line: 2 }] }]);
  });

  it('keys without a remap, and every key in a call, keep their own job', async () => {
    const { device, phone } = keysDevice();
    await device.press('soft2');
    expect(device.snapshot().menuPath).toEqual(['Menu', 'Phone book']);
    await backToIdle(device);

    const { id } = await phone.dial('1002');
    phone.move(id, 'connected');
    await device.press('hold');
    // Hold holds the call; it does not open View status
    expect(phone.commands('hold').map((c) => c.args[0])).toEqual([id]);
    expect(device.snapshot().menuPath ?? []).not.toContain('View status');
  });
});

describe('line keys given a key function', () => {
  const blfLineKey = (lamp: ProgrammableKeyStatus['lamp']): ProgrammableKeyStatus => ({
    id: 'l2',
    lineKey: true,
    index: 2,
    function: 'blf',
    line: 1,
    number: '1009',
    label: 'Boss',
    ...(lamp ? { lamp } : {}),
  });

  it('light with the watched extension, not with the line, and leave memory key 2 alone', async () => {
    const { device, phone } = keysDevice();
    phone.keys = [blfLineKey('busy')];
    phone.events.emit('key', phone.keys[0]!);
    const led = (id: string) => device.snapshot().leds.find((l) => l.id === id);
    expect(led('line2')).toMatchObject({ color: 'red', cadence: 'steady' });
    expect(led('p2')).toMatchObject({ color: 'off' });
    phone.keys = [blfLineKey('ringing')];
    phone.events.emit('key', phone.keys[0]!);
    expect(led('line2')).toMatchObject({ color: 'red', cadence: 'fast' });
    phone.keys = [blfLineKey('idle')];
    phone.events.emit('key', phone.keys[0]!);
    expect(led('line2')).toMatchObject({ color: 'green' });
  });

  it('press as the key ("l2"); a plain line key still takes its line', async () => {
    const { device, phone } = keysDevice();
    phone.keys = [blfLineKey('idle')];
    phone.events.emit('key', phone.keys[0]!);
    await device.press('line2');
    expect(phone.commands('pressProgrammableKey')).toEqual([{ cmd: 'pressProgrammableKey', args: ['l2'] }]);
    await device.press('line3');
    expect(device.snapshot().screen).toBe('dialing');
    expect(phone.commands('pressProgrammableKey')).toHaveLength(1);
  });
});
