/**
 * Proves the phone's clock (PhoneTime) on the in-memory network and a virtual
 * clock: off by default (nothing sent), SNTP +1 h with polls every
 * time.sntpInterval, the backup server, the host time with a logged reason
 * when no server answers and retries backing off from 60 s, the last offset
 * kept through a failed round, the registrar's Date header, SNTP before SIP
 * before manual, settings changes taking effect at once, and the status the
 * web shows (source, offset, zone).
 */
import { describe, expect, it } from 'vitest';
import { SinkLogger, VirtualClock, type LogRecord } from '../../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../../src/config/index.js';
import { PhoneTime, formatSipDate, parseSipDate, type PhoneTimeStatus } from '../../../../src/phone/index.js';
import { FakeUdpNetwork } from '../../media/fake-udp-network.js';
import { startFakeSntpServer } from './fake-sntp-server.js';

const HOUR = 3_600_000;

function world(values: Record<string, unknown> = {}) {
  const clock = new VirtualClock({ epoch: Date.UTC(2026, 6, 1, 9, 30) });
  const net = new FakeUdpNetwork(clock);
  net.record = true;
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const set = settings.setMany(values);
  if (!set.ok) throw new Error(set.reason);
  const logs: LogRecord[] = [];
  const time = new PhoneTime({ clock, sockets: net, settings, logger: new SinkLogger((r) => logs.push(r), 'debug'), bindAddress: '127.0.0.1' });
  const changes: PhoneTimeStatus[] = [];
  time.events.on('change', (s) => changes.push(s));
  return { clock, net, settings, time, logs, changes };
}

const sntpOn = (server = '127.0.0.1', backup = '') => ({ 'time.sntpEnabled': true, 'time.sntpServer': server, 'time.sntpServer2': backup });

describe('PhoneTime', () => {
  it('by default uses the host time, sends nothing and says why', async () => {
    const { clock, net, time } = world();
    time.start();
    await clock.advanceAsync(10 * HOUR);
    expect(net.sent).toHaveLength(0);
    expect(time.wallTime()).toBe(clock.wallTime());
    expect(time.status()).toMatchObject({ source: 'host', offsetMs: 0, reason: expect.stringContaining('are off') });
    time.stop();
  });

  it('SNTP: a server 1 h ahead shifts the phone time; it asks again every time.sntpInterval', async () => {
    const { clock, net, time, settings } = world({ ...sntpOn('127.0.0.1:1123'), 'time.sntpInterval': 600 });
    const server = await startFakeSntpServer(net, clock, '127.0.0.1', 1123, HOUR);
    time.start();
    await clock.advanceAsync(1);
    expect(time.status()).toMatchObject({ source: 'sntp', server: '127.0.0.1:1123', stratum: 2 });
    expect(time.wallTime() - clock.wallTime()).toBeCloseTo(HOUR, 0);
    await clock.advanceAsync(600_000);
    expect(server.requests).toHaveLength(2);
    server.offsetMs = 2 * HOUR; // the server's clock moved: the next poll follows it
    await clock.advanceAsync(600_000);
    expect(time.status().offsetMs).toBe(2 * HOUR);
    // switching SNTP off returns to the host time at once, and nothing more is sent
    settings.set('time.sntpEnabled', false);
    expect(time.wallTime()).toBe(clock.wallTime());
    await clock.advanceAsync(3 * 600_000);
    expect(server.requests).toHaveLength(3);
    time.stop();
  });

  it('a dead primary: the backup; both dead: the host time with the reason logged, retried from 60 s up', async () => {
    const { clock, net, time, logs, settings } = world(sntpOn('127.0.0.1:1123', '127.0.0.2:1123'));
    const backup = await startFakeSntpServer(net, clock, '127.0.0.2', 1123, -HOUR);
    time.start();
    await clock.advanceAsync(7_001);
    expect(time.status()).toMatchObject({ source: 'sntp', server: '127.0.0.2:1123', offsetMs: -HOUR });

    backup.close();
    settings.set('time.sntpServer2', '127.0.0.3:1123'); // reconfigured: starts over, the old sample is gone
    expect(time.status().source).toBe('host');
    await clock.advanceAsync(14_000);
    expect(time.status()).toMatchObject({ source: 'host', offsetMs: 0, reason: expect.stringMatching(/SNTP: 127\.0\.0\.1:1123: no answer.*127\.0\.0\.3:1123: no answer/) });
    const warn = logs.find((r) => r.level === 'warn' && r.msg.includes('SNTP failed, using the host time'));
    expect(warn?.fields.reason).toContain('no answer after 3 tries');
    const sentAt = (): number => net.sent.filter((d) => d.to.port === 1123).length;
    expect(sentAt()).toBe(3 + 1 + 6); // round 1: the primary 3 times, the backup once; round 2: both 3 times
    await clock.advanceAsync(60_000); // first retry 60 s after the failed round
    expect(sentAt()).toBe(11);
    await clock.advanceAsync(14_000 + 119_000); // that round fails in 14 s; the next comes 120 s later
    expect(sentAt()).toBe(16);
    await clock.advanceAsync(1_000);
    expect(sentAt()).toBe(17);
    time.stop();
  });

  it('a failed round after a good one keeps the last offset and reports the failure', async () => {
    const { clock, net, time } = world({ ...sntpOn('127.0.0.1:1123'), 'time.sntpInterval': 60 });
    const server = await startFakeSntpServer(net, clock, '127.0.0.1', 1123, HOUR);
    time.start();
    await clock.advanceAsync(1);
    server.close();
    await clock.advanceAsync(60_000 + 7_000);
    expect(time.status()).toMatchObject({ source: 'sntp', offsetMs: HOUR, reason: expect.stringContaining('no answer') });
    time.stop();
  });

  it("SIP server: the Date header of a 2xx to REGISTER, when time.sipServerTime is on", () => {
    const { clock, time, settings } = world();
    time.start();
    const date = formatSipDate(clock.wallTime() + HOUR);
    expect(time.sipServerDate(date)).toBe(false); // off: ignored
    settings.set('time.sipServerTime', true);
    expect(time.status()).toMatchObject({ source: 'host', reason: expect.stringContaining('no Date header') });
    expect(time.sipServerDate('yesterday')).toBe(false);
    expect(time.sipServerDate(date)).toBe(true);
    // whole seconds: the middle of the second named
    expect(time.status()).toMatchObject({ source: 'sip-server', offsetMs: HOUR + 500 });
    settings.set('time.sipServerTime', false);
    expect(time.status().source).toBe('host');
    time.stop();
  });

  it('SNTP before SIP server before manual', async () => {
    const { clock, net, time, settings } = world({ 'time.sipServerTime': true, 'time.manualOffset': 60 });
    time.start();
    expect(time.status().source).toBe('host'); // a source is on: the manual time is not used
    time.sipServerDate(formatSipDate(clock.wallTime() + HOUR));
    expect(time.status().source).toBe('sip-server');
    const server = await startFakeSntpServer(net, clock, '127.0.0.1', 123, 2 * HOUR);
    settings.setMany(sntpOn('127.0.0.1'));
    await clock.advanceAsync(1);
    expect(time.status()).toMatchObject({ source: 'sntp', offsetMs: 2 * HOUR });
    server.close();
    settings.set('time.sntpServer', '127.0.0.9'); // a dead one: SIP server time meanwhile
    await clock.advanceAsync(7_000);
    expect(time.status()).toMatchObject({ source: 'sip-server', offsetMs: HOUR + 500, reason: expect.stringContaining('SNTP: 127.0.0.9:123') });
    settings.setMany({ 'time.sntpEnabled': false, 'time.sipServerTime': false });
    expect(time.status()).toMatchObject({ source: 'manual', offsetMs: 60_000 });
    expect(time.wallTime()).toBe(clock.wallTime() + 60_000);
    time.stop();
  });

  it('status: local time in the zone, its IANA name, and a change event per change', async () => {
    const { clock, time, settings, changes } = world({ 'time.zone': 13, 'time.manualOffset': 3600 });
    time.start();
    expect(time.status()).toMatchObject({
      source: 'manual',
      utc: '2026-07-01T10:30:00.000Z',
      local: '2026-07-01 12:30:00',
      utcOffsetMinutes: 120,
      zone: 13,
      zoneName: 'Berlin',
      ianaZone: 'Europe/Berlin',
    });
    const n = changes.length;
    settings.set('time.manualOffset', 0);
    expect(changes.length).toBe(n + 1);
    expect(changes.at(-1)!.source).toBe('host');
    await clock.advanceAsync(1);
    time.stop();
  });

  it('stop() ends a round in flight and schedules nothing', async () => {
    const { clock, net, time } = world(sntpOn('127.0.0.1'));
    time.start();
    await clock.advanceAsync(500);
    time.stop();
    await clock.advanceAsync(HOUR);
    expect(net.sent).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });
});

describe('SIP Date header (RFC 3261 §20.17, §25.1 rfc1123-date)', () => {
  it('parses the RFC 1123 form in GMT and refuses anything else', () => {
    expect(parseSipDate('Sat, 13 Nov 2010 23:29:00 GMT')).toBe(Date.UTC(2010, 10, 13, 23, 29));
    expect(parseSipDate('tue, 3 feb 2026 09:30:05 gmt')).toBe(Date.UTC(2026, 1, 3, 9, 30, 5));
    expect(parseSipDate('Sat, 31 Feb 2010 23:29:00 GMT')).toBeUndefined();
    expect(parseSipDate('Sat, 13 Nov 2010 23:29:00 +0100')).toBeUndefined();
    expect(parseSipDate('2010-11-13T23:29:00Z')).toBeUndefined();
    expect(parseSipDate('Sat, 13 Nov 2010 24:29:00 GMT')).toBeUndefined();
    expect(formatSipDate(Date.UTC(2010, 10, 13, 23, 29))).toBe('Sat, 13 Nov 2010 23:29:00 GMT');
  });
});
