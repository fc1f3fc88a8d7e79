/**
 * The face on real phones: two Sayhi phones call each other by IP over UDP on
 * 127.0.0.1 (peer-to-peer, no PBX), each driven only through its Device.
 * Proves that keys typed on A's keypad ("127*0*0*1*port#") place the call,
 * that B's LCD shows the ringing screen with Ans and its line key flashes red,
 * that Ans on B connects both (talking screens, line LEDs red steady), and that
 * End on A returns both faces to idle; and that a real Phone is a DevicePhone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { Device, deviceFonts, type DevicePhone } from '../../../src/device/index.js';
import { SystemClock } from '../../../src/base/index.js';
import { phonePorts } from '../../lab/ports.js';
import { startTestPhone, waitFor, type TestPhone } from '../phone/helpers.js';

let a: TestPhone;
let b: TestPhone;
let faceA: Device;
let faceB: Device;

function face(p: TestPhone): Device {
  const phone: DevicePhone = p.phone; // the real Phone is what the face needs
  const d = new Device({ phone, settings: new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend()), clock: new SystemClock(), fonts: deviceFonts(undefined) });
  d.start();
  return d;
}

beforeAll(async () => {
  const pa = phonePorts(7);
  const pb = phonePorts(8);
  a = await startTestPhone({ sipPort: pa.sipPort, rtpBase: pa.rtpRange.min, toneHz: 440 });
  b = await startTestPhone({ sipPort: pb.sipPort, rtpBase: pb.rtpRange.min, toneHz: 700 });
  faceA = face(a);
  faceB = face(b);
});

afterAll(async () => {
  faceA?.stop();
  faceB?.stop();
  await a?.stop();
  await b?.stop();
});

describe('the face on a real phone', () => {
  it('dials from the keypad, rings with Ans, answers, and ends from the soft keys', async () => {
    await faceA.keys(`127*0*0*1*${phonePorts(8).sipPort}#`);
    await waitFor(() => faceB.screenName() === 'ringing', 10_000, 'B rings');
    const ringing = faceB.snapshot();
    expect(ringing.softKeys[0]).toBe('Ans');
    expect(ringing.lines[0]).toBe('Incoming call');
    expect(faceB.leds.get('line1')).toEqual({ id: 'line1', color: 'red', cadence: 'fast' });
    await waitFor(() => faceA.screenName() === 'calling', 5000, 'A calling');

    await faceB.press('soft1');
    await waitFor(() => faceA.screenName() === 'talking' && faceB.screenName() === 'talking', 10_000, 'both talking');
    expect(faceA.snapshot().softKeys).toEqual(['Hold', 'XFER', 'CONF', 'End']);
    expect(faceA.leds.get('line1')).toEqual({ id: 'line1', color: 'red', cadence: 'steady' });
    expect(faceB.snapshot().lines[2]).toMatch(/^Talking {2}\d\d:\d\d$/);

    await faceA.press('soft4');
    await waitFor(() => faceA.screenName() === 'idle' && faceB.screenName() === 'idle', 10_000, 'both idle');
    expect(faceB.snapshot().notice).toBe('remote hangup');
    expect(faceA.framebuffer().frame).toBeGreaterThan(3);
  });
});
