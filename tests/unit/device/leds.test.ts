/**
 * Proves the LEDs of manual §3 per call state: line keys (red fast ringing,
 * red steady in a call, green slow held, green steady registered and free),
 * BLF programmable keys (red busy, green idle, red fast ringing), the light
 * strip (red fast incoming, red steady missed or busy), Message, Mute,
 * Headset and Speaker, with change events carrying only what changed.
 */
import { describe, expect, it } from 'vitest';
import { makeDevice } from './fake-phone.js';

describe('LEDs', () => {
  it('idle: line 1 registered is green, the others dark; the strip is off', () => {
    const { device } = makeDevice();
    expect(device.leds.get('line1')).toEqual({ id: 'line1', color: 'green', cadence: 'steady' });
    expect(device.leds.get('line2')?.color).toBe('off');
    expect(device.leds.get('strip')?.color).toBe('off');
    expect(device.leds.all().map((l) => l.id)).toEqual([
      'line1', 'line2', 'line3', ...Array.from({ length: 12 }, (_, i) => `p${i + 1}`), 'strip', 'message', 'mute', 'headset', 'speaker',
    ]);
  });

  it('follows a call: ringing, talking, held, ended', async () => {
    const { device, phone } = makeDevice();
    const changes: string[] = [];
    device.events.on('leds', (l) => changes.push(l.map((s) => `${s.id}:${s.color}/${s.cadence}`).join(' ')));
    const call = phone.addCall({ line: 1 });
    expect(device.leds.get('line1')).toEqual({ id: 'line1', color: 'red', cadence: 'fast' });
    expect(device.leds.get('strip')).toEqual({ id: 'strip', color: 'red', cadence: 'fast' });
    await device.press('soft1');
    expect(device.leds.get('line1')).toEqual({ id: 'line1', color: 'red', cadence: 'steady' });
    expect(device.leds.get('strip')).toEqual({ id: 'strip', color: 'red', cadence: 'steady' });
    expect(device.leds.get('speaker')?.color).toBe('red');
    await device.press('hold');
    expect(device.leds.get('line1')).toEqual({ id: 'line1', color: 'green', cadence: 'slow' });
    await device.press('soft1'); // Resume
    await device.press('soft4'); // End
    expect(phone.callMap.has(call.id)).toBe(false);
    expect(device.leds.get('line1')).toEqual({ id: 'line1', color: 'green', cadence: 'steady' });
    expect(device.leds.get('strip')?.color).toBe('off');
    expect(device.leds.get('speaker')?.color).toBe('off');
    expect(changes[0]).toBe('line1:red/fast strip:red/fast');
  });

  it('a call on line 2 lights line 2 only', () => {
    const { device, phone } = makeDevice();
    phone.addCall({ line: 2 });
    expect(device.leds.get('line2')?.cadence).toBe('fast');
    expect(device.leds.get('line1')?.color).toBe('green');
  });

  it('BLF keys: busy red, idle green, ringing red fast; others dark', () => {
    const { device, phone } = makeDevice();
    const key = (index: number, lamp: 'idle' | 'busy' | 'ringing' | 'unknown') =>
      ({ id: String(index), index, function: 'blf', line: 1, number: `20${index}`, label: '', lamp }) as const;
    phone.keys = [key(1, 'busy'), key(2, 'idle'), key(3, 'ringing'), key(4, 'unknown')];
    phone.events.emit('key', phone.keys[0]!);
    expect(device.leds.get('p1')).toEqual({ id: 'p1', color: 'red', cadence: 'steady' });
    expect(device.leds.get('p2')).toEqual({ id: 'p2', color: 'green', cadence: 'steady' });
    expect(device.leds.get('p3')).toEqual({ id: 'p3', color: 'red', cadence: 'fast' });
    expect(device.leds.get('p4')?.color).toBe('off');
  });

  it('strip red steady with missed calls; Message red with voice mail; Mute and Headset red when on', async () => {
    const { device, phone } = makeDevice();
    phone.missedCalls = 2;
    phone.events.emit('missedCalls', { count: 2 });
    expect(device.leds.get('strip')).toEqual({ id: 'strip', color: 'red', cadence: 'steady' });
    expect(device.snapshot().status.missedCalls).toBe(2);
    phone.lines[0]!.messages = { waiting: true, new: 1, old: 0, urgentNew: 0, urgentOld: 0 };
    phone.events.emit('mwi', { line: 1, ...phone.lines[0]!.messages });
    expect(device.leds.get('message')?.color).toBe('red');
    expect(device.snapshot().status.messages).toBe(1);
    await device.press('mute');
    expect(device.leds.get('mute')?.color).toBe('red');
    await device.press('headset');
    expect(device.leds.get('headset')?.color).toBe('red');
    await device.press('headset');
    expect(device.leds.get('headset')?.color).toBe('off');
  });

  it('Diagnose > Lights lights every LED, and leaving gives them back', async () => {
    const { device } = makeDevice();
    await device.keys('{menu}63{ok}');
    expect(device.leds.all().every((l) => l.color === 'red')).toBe(true);
    await device.press('ok');
    expect(device.leds.all().every((l) => l.color === 'green')).toBe(true);
    await device.press('c');
    expect(device.leds.get('line1')?.color).toBe('green');
    expect(device.leds.get('line2')?.color).toBe('off');
  });
});
