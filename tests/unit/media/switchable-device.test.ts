/**
 * SwitchableAudioDevice (the phone's handset with a plug, issue #5) — proves:
 *  - frames go to the fallback until a device is plugged in, then to it, and back
 *    after release; release by a device that is not plugged in changes nothing;
 *  - onSwitch reports each switch; plugging the fallback itself means "unplug";
 *  - the microphone mute gives silence (and false) whichever device is in use,
 *    while the device is still read;
 *  - close() closes the fallback only (a plugged device belongs to its plug-in).
 */
import { describe, expect, it } from 'vitest';
import { SwitchableAudioDevice, type AudioDevice } from '../../../src/media/index.js';

class Probe implements AudioDevice {
  reads = 0;
  written: number[] = [];
  closed = false;
  constructor(
    readonly name: string,
    private readonly value: number,
  ) {}
  readFrame(frame: Int16Array): boolean {
    this.reads++;
    frame.fill(this.value);
    return true;
  }
  writeFrame(frame: Int16Array): void {
    this.written.push(frame[0]!);
  }
  close(): void {
    this.closed = true;
  }
}

describe('SwitchableAudioDevice', () => {
  it('forwards to the fallback, to a plugged device, and back', () => {
    const headless = new Probe('headless', 1);
    const browser = new Probe('browser', 2);
    const other = new Probe('other', 3);
    const sw = new SwitchableAudioDevice(headless);
    const switches: string[] = [];
    sw.onSwitch((d) => switches.push(d.name));
    const frame = new Int16Array(320);

    expect(sw.readFrame(frame)).toBe(true);
    expect(frame[0]).toBe(1);
    sw.use(browser);
    expect(sw.isPlugged).toBe(true);
    expect(sw.name).toBe('handset(browser)');
    sw.readFrame(frame);
    expect(frame[0]).toBe(2);
    sw.writeFrame(new Int16Array(320).fill(9));
    expect(browser.written).toEqual([9]);
    expect(headless.written).toEqual([]);

    sw.release(other); // not plugged: nothing changes
    expect(sw.current).toBe(browser);
    sw.release(browser);
    expect(sw.current).toBe(headless);
    sw.use(browser);
    sw.use(headless); // the fallback itself: unplug
    expect(sw.isPlugged).toBe(false);
    expect(switches).toEqual(['browser', 'headless', 'browser', 'headless']);
  });

  it('mutes the microphone whichever device is in use, still reading it', () => {
    const headless = new Probe('headless', 5);
    const browser = new Probe('browser', 6);
    const sw = new SwitchableAudioDevice(headless);
    const frame = new Int16Array(320);
    sw.microphoneMuted = true;
    expect(sw.readFrame(frame)).toBe(false);
    expect(frame.every((v) => v === 0)).toBe(true);
    expect(headless.reads).toBe(1);
    sw.use(browser);
    expect(sw.readFrame(frame)).toBe(false);
    expect(frame[0]).toBe(0);
    sw.microphoneMuted = false;
    expect(sw.readFrame(frame)).toBe(true);
    expect(frame[0]).toBe(6);
  });

  it('closes the fallback, not the plugged device', async () => {
    const headless = new Probe('headless', 0);
    const browser = new Probe('browser', 0);
    const sw = new SwitchableAudioDevice(headless);
    sw.use(browser);
    await sw.close();
    expect(headless.closed).toBe(true);
    expect(browser.closed).toBe(false);
    expect(sw.current).toBe(headless);
  });
});
