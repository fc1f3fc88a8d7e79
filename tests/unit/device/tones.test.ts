/**
 * Proves the call-progress tones the audio model reports (manual §4 and §7
 * "Play Hang up Tone", "Hold Tone"; ITU-T E.180 tone names): busy after a
 * call refused 486, congestion after another failure, the hang-up tone after
 * the far end hung up (only with call.busyTone), in the handset until it goes
 * down, hands-free for END_TONE_MS; the hold tone while every call is held.
 */
import { describe, expect, it } from 'vitest';
import { END_TONE_MS } from '../../../src/device/index.js';
import { makeDevice } from './fake-phone.js';

describe('end tones', () => {
  it('busy: our call refused 486 on the speaker plays busy, then the speaker goes off', async () => {
    const { device, phone, clock } = makeDevice();
    await device.keys('1002#');
    expect(device.audio.state().path).toBe('speaker');
    const call = phone.calls()[0]!;
    phone.move(call.id, 'ended', { endReason: '486 Busy Here' });
    expect(device.audio.state()).toMatchObject({ path: 'speaker', tone: 'busy' });
    expect(device.leds.all().find((l) => l.id === 'speaker')?.color).toBe('red');
    await clock.advanceAsync(END_TONE_MS - 1);
    expect(device.audio.state().tone).toBe('busy');
    await clock.advanceAsync(1);
    expect(device.audio.state().tone).toBeUndefined();
    expect(device.audio.state().path).toBe('none');
    expect(device.leds.all().find((l) => l.id === 'speaker')?.color).toBe('off');
  });

  it('hang-up: the far end hung up on a handset call; the tone lasts until the handset goes down', async () => {
    const { device, phone, clock } = makeDevice();
    const call = phone.addCall();
    await device.press('hookOff');
    phone.move(call.id, 'ended', { endReason: 'remote hangup' });
    expect(device.audio.state()).toMatchObject({ path: 'handset', tone: 'hangup' });
    await clock.advanceAsync(60_000);
    expect(device.audio.state().tone).toBe('hangup');
    await device.press('hookOn');
    expect(device.audio.state().tone).toBeUndefined();
  });

  it('no hang-up tone with "Play Hang up Tone" off; congestion for a call that failed otherwise', async () => {
    const { device, phone, settings } = makeDevice();
    settings.set('call.busyTone', false);
    const a = phone.addCall();
    await device.press('hookOff');
    phone.move(a.id, 'ended', { endReason: 'remote hangup' });
    expect(device.audio.state().tone).toBeUndefined();
    await device.press('hookOn');
    await device.press('hookOff');
    await device.keys('1099#');
    const b = phone.calls()[0]!;
    phone.move(b.id, 'ended', { endReason: '404 Not Found' });
    expect(device.audio.state().tone).toBe('congestion');
  });

  it('typing a new number ends the end tone; a call we hung up ourselves plays none', async () => {
    const { device, phone } = makeDevice();
    await device.press('hookOff');
    await device.keys('1002#');
    phone.move(phone.calls()[0]!.id, 'ended', { endReason: '486 Busy Here' });
    expect(device.audio.state().tone).toBe('busy');
    await device.press('5');
    expect(device.audio.state().tone).toBeUndefined();
    await device.press('soft4');
    const c = phone.addCall();
    await device.press('soft1');
    await device.press('soft4'); // End: local hangup
    expect(phone.callMap.has(c.id)).toBe(false);
    expect(device.audio.state().tone).not.toBe('hangup');
  });
});

describe('hold tone', () => {
  it('plays while every call is held and the earpiece is open, with call.holdTone', async () => {
    const { device, phone, settings } = makeDevice();
    phone.addCall();
    await device.press('hookOff'); // answers
    expect(device.audio.state().tone).toBeUndefined();
    await device.press('hold');
    expect(device.audio.state().tone).toBe('hold');
    await device.press('hold'); // resume
    expect(device.audio.state().tone).toBeUndefined();
    settings.set('call.holdTone', false);
    await device.press('hold');
    expect(device.audio.state().tone).toBeUndefined();
  });
});
