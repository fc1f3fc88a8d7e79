/**
 * Proves the key names and sequences (keys.ts), the audio path model of manual
 * §1/§4/§6 (hook, Speaker, Headset, Mute, the seven 9-level volumes in the
 * registry, ring tones, call-progress tones) and the line, programmable and
 * function keys that work from any screen.
 */
import { describe, expect, it } from 'vitest';
import { keysOf, parseKey, parseKeySequence } from '../../../src/device/index.js';
import { FakePredialPhone, makeDevice } from './fake-phone.js';

describe('keys', () => {
  it('names and aliases, any case', () => {
    expect(parseKey('OK')).toBe('ok');
    expect(parseKey('F2')).toBe('soft2');
    expect(parseKey('esc')).toBe('c');
    expect(parseKey('VolumeUp')).toBe('volUp');
    expect(parseKey('p12')).toBe('p12');
    expect(parseKey('p13')).toBeUndefined();
  });

  it('sequences: keypad characters and {named} keys', () => {
    expect(parseKeySequence('1002#')).toEqual({ ok: true, keys: ['1', '0', '0', '2', '#'] });
    expect(parseKeySequence('{hookOff}12{ok}')).toEqual({ ok: true, keys: ['hookOff', '1', '2', 'ok'] });
    expect(parseKeySequence('{nope}')).toEqual({ ok: false, reason: '"nope" is not a key' });
    expect(parseKeySequence('12a').ok).toBe(false);
  });

  it('models: 2 line keys on the ES320, 3 on the ES330, 12 programmable keys', () => {
    expect(keysOf('ES320').filter((k) => k.startsWith('line'))).toEqual(['line1', 'line2']);
    expect(keysOf('ES330').filter((k) => /^p\d+$/.test(k))).toHaveLength(12);
  });
});

describe('audio paths', () => {
  it('off-hook gives the handset and the dial tone; on-hook gives them back', async () => {
    const { device } = makeDevice();
    await device.press('hookOff');
    expect(device.screenName()).toBe('dialing');
    expect(device.audio.state()).toMatchObject({ path: 'handset', offHook: true, tone: 'dial' });
    await device.press('1');
    expect(device.audio.state().tone).toBeUndefined();
    await device.press('hookOn');
    expect(device.screenName()).toBe('idle');
    expect(device.audio.state()).toMatchObject({ path: 'none', offHook: false });
  });

  it('Speaker goes hands-free, sends a typed number, and ends a call on the speaker', async () => {
    const { device, phone } = makeDevice();
    await device.keys('2005');
    await device.press('speaker');
    expect(phone.commands('dial')[0]?.args[0]).toBe('2005');
    expect(device.audio.path).toBe('speaker');
    const call = [...phone.callMap.values()][0]!;
    phone.move(call.id, 'ringing');
    expect(device.audio.state().tone).toBe('ringback');
    phone.move(call.id, 'connected');
    await device.press('speaker');
    expect(phone.commands('hangup')[0]?.args[0]).toBe(call.id);
  });

  it('lifting the handset during a speaker call keeps the call; Speaker moves a handset call', async () => {
    const { device, phone } = makeDevice();
    phone.addCall();
    await device.press('hookOff');
    expect(device.audio.path).toBe('handset');
    await device.press('speaker');
    expect(device.audio.path).toBe('speaker');
    expect(phone.commands('hangup')).toHaveLength(0);
  });

  it('the Headset key makes calls go to the headset', async () => {
    const { device, phone } = makeDevice();
    await device.press('headset');
    phone.addCall();
    await device.press('soft1');
    expect(device.audio.state()).toMatchObject({ path: 'headset', headsetMode: true });
    await device.press('volUp');
    expect(device.audio.volume('headset')).toBe(6);
  });

  it('ring volume while idle, 1..9 kept, written to the registry', async () => {
    const { device, settings } = makeDevice();
    for (let i = 0; i < 6; i++) await device.press('volUp');
    expect(settings.get('audio.volume.ring')).toBe(9);
    expect(device.audio.setVolume('speakerMic', 12).ok).toBe(false);
    expect(device.audio.ringTones()).toHaveLength(10);
    settings.set('audio.ringType', 'office.wav');
    expect(device.audio.ringTones().at(-1)).toBe('office.wav');
  });
});

describe('line, programmable and function keys', () => {
  it('a line key answers the call ringing on it, resumes its held call, or takes the line to dial', async () => {
    const { device, phone } = makeDevice();
    await device.press('line2');
    expect(device.screenName()).toBe('dialing');
    await device.keys('77#');
    expect(phone.commands('dial')[0]?.args).toEqual(['77', { line: 2 }]);
    const out = [...phone.callMap.values()][0]!;
    phone.move(out.id, 'ended');
    const a = phone.addCall({ line: 1 });
    await device.press('line1');
    expect(phone.commands('answer')[0]?.args[0]).toBe(a.id);
    await device.press('hold');
    await device.press('line1');
    expect(phone.commands('resume')[0]?.args[0]).toBe(a.id);
  });

  it('TRANSFER then a held line transfers to it (blind transfer to the held line)', async () => {
    const { device, phone } = makeDevice();
    const a = phone.addCall({ line: 1 });
    await device.press('soft1');
    const b = phone.addCall({ line: 2, remote: 'sip:1010@pbx' });
    await device.press('soft1'); // answer the waiting call; a is held
    await device.press('transfer');
    await device.press('line1');
    expect(phone.commands('transfer')).toEqual([{ cmd: 'transfer', args: [b.id, { withCall: a.id }] }]);
  });

  it('programmable keys and REDIAL use the phone commands when it has them; MESSAGES dials voice mail', async () => {
    const { device, phone, settings } = makeDevice({ makePhone: (clock) => new FakePredialPhone('ES330', () => clock.wallTime()) });
    const r = await device.press('p3');
    expect(r.notice).toBe('Key 3: not available');
    const pressed: unknown[] = [];
    (phone as FakePredialPhone & { pressProgrammableKey: unknown }).pressProgrammableKey = async (k: unknown) => {
      pressed.push(k);
      return { key: String(k), action: 'dialed' as const };
    };
    await device.press('p3');
    expect(pressed).toEqual([3]);
    settings.set('call.voicemailNumber', '*97');
    await device.press('message');
    expect(phone.commands('dial').at(-1)?.args[0]).toBe('*97');
  });

  it('MENU toggles the menu; DIRECTORIES opens the phone book', async () => {
    const { device } = makeDevice();
    await device.press('menu');
    expect(device.screenName()).toBe('menu');
    await device.press('menu');
    expect(device.screenName()).toBe('idle');
    await device.press('directory');
    expect(device.snapshot().menu).toEqual(['Menu', 'Phone book']);
  });

  it('the DND soft key turns phone-wide DND on and off', async () => {
    const { device, settings, clock } = makeDevice();
    await device.press('soft3');
    expect(settings.get('call.dnd')).toBe(true);
    expect(device.snapshot().lines[3]).toBe('DND on'); // the notice, for 2 s
    await clock.advanceAsync(2000);
    expect(device.snapshot().lines[3]).toBe('Do Not Disturb');
    await device.press('soft3');
    expect(settings.get('call.dnd')).toBe(false);
  });

  it('Chinese LCD language: three text lines and 12-row soft keys (CJK layout)', async () => {
    const { device, settings } = makeDevice();
    settings.set('lcd.language', 'zh');
    await device.press('menu');
    expect(device.layout().textRows).toBe(3);
    // the menus speak Chinese now (i18n/zh.ts); the path in English stays for scripts
    expect(device.snapshot().lines).toEqual(['菜单', '1.通话记录', '2.电话本', '']);
    expect(device.snapshot().menuPath).toEqual(['Menu']);
  });
});
