/**
 * Proves that the face shows the phone's clock (phone/time), not the host's:
 * an SNTP server 1 h ahead moves the status-bar time at once; the LCD's
 * Manual setting > Date & time (manual §4 "manual Settings: ... date and
 * time") starts from the time shown, stores the difference to the host clock
 * in time.manualOffset (in the phone's zone), switches SNTP and SIP server
 * time off, and the status bar follows; a date that does not exist is refused.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry, openMemoryPhoneDatabase } from '../../../src/config/index.js';
import { Device, deviceFonts } from '../../../src/device/index.js';
import { PhoneTime } from '../../../src/phone/index.js';
import { FakeUdpNetwork } from '../media/fake-udp-network.js';
import { startFakeSntpServer } from '../phone/time/fake-sntp-server.js';
import { FakePhone } from './fake-phone.js';
import { follow } from './menu-driver.js';

function phoneWithClock(values: Record<string, unknown> = {}) {
  const clock = new VirtualClock({ epoch: Date.UTC(2026, 1, 3, 9, 30) }); // Tue 3 Feb 2026 09:30 UTC
  const net = new FakeUdpNetwork(clock);
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const r = settings.setMany(values);
  if (!r.ok) throw new Error(r.reason);
  const time = new PhoneTime({ clock, sockets: net, settings });
  const device = new Device({ phone: new FakePhone('ES330', () => clock.wallTime()), settings, clock, db: openMemoryPhoneDatabase(), fonts: deviceFonts(undefined), time });
  time.start();
  device.start();
  return { clock, net, settings, time, device };
}

describe('the face shows the phone clock', () => {
  it('an SNTP server 1 h ahead: the status bar says 10:30 where the host says 09:30', async () => {
    const { clock, net, device, settings, time } = phoneWithClock();
    expect(device.snapshot().status.time).toBe('09:30');
    await startFakeSntpServer(net, clock, '127.0.0.1', 123, 3_600_000);
    settings.setMany({ 'time.sntpEnabled': true, 'time.sntpServer': '127.0.0.1' });
    await clock.advanceAsync(1);
    expect(time.status().source).toBe('sntp');
    expect(device.snapshot().status.time).toBe('10:30');
    settings.set('time.zone', 20); // Beijing, +8
    expect(device.snapshot().status.time).toBe('18:30');
    device.stop();
    time.stop();
  });

  it('Manual setting > Date & time: typed in the phone zone, stored as an offset, shown at once', async () => {
    const { clock, device, settings, time } = phoneWithClock({ 'time.zone': 13, 'time.sipServerTime': true });
    await follow(device, ['Function setting', 'Time & date', 'Manual setting', 'Date & time'], { clock });
    expect(device.snapshot().lines).toContain('202602031030'); // 09:30 UTC is 10:30 in Berlin in February
    await device.press('c', { holdMs: 1500 });
    await device.keys('202602031545{ok}');
    // 15:45 Berlin = 14:45 UTC, 5 h 15 min after the host's 09:30
    expect(settings.get('time.manualOffset')).toBe(5 * 3600 + 15 * 60);
    expect(settings.get('time.sipServerTime')).toBe(false);
    expect(settings.get('time.sntpEnabled')).toBe(false);
    expect(time.status().source).toBe('manual');
    expect(device.snapshot().status.time).toBe('15:45');
    await clock.advanceAsync(60_000);
    expect(device.snapshot().status.time).toBe('15:46');
    device.stop();
    time.stop();
  });

  it('refuses a date that does not exist and keeps the settings', async () => {
    const { clock, device, settings, time } = phoneWithClock();
    await follow(device, ['Function setting', 'Time & date', 'Manual setting', 'Date & time'], { clock });
    await device.press('c', { holdMs: 1500 });
    await device.keys('202602311200{ok}');
    expect(device.snapshot().notice).toBe('Invalid value');
    expect(settings.get('time.manualOffset')).toBe(0);
    device.stop();
    time.stop();
  });
});
