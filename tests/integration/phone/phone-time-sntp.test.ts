/**
 * SNTP over the real UDP stack (RFC 4330), loopback only: a tiny SNTP server
 * (node:dgram on 127.0.0.1, phone-time-helpers.ts) whose clock is 1 h ahead.
 *  - a real Phone with time.sntpEnabled asks it at start; its clock runs 1 h
 *    ahead and the face's status bar shows the shifted time; the request on
 *    the wire is a 48-byte SNTPv4 client packet;
 *  - a name ("localhost:PORT") resolves and works;
 *  - a primary that holds its port but never answers: the backup is used;
 *    both dead: the host time, with the reason (short timeouts here).
 * The round trip measured on loopback is printed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NodeSocketFactory, SinkLogger, SystemClock, type LogRecord } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { Device, deviceFonts, formatClock, timeDisplaySettings } from '../../../src/device/index.js';
import { PhoneTime } from '../../../src/phone/index.js';
import { waitFor } from './helpers.js';
import { startLoopbackSntpServer, startTimePhone, type LoopbackSntpServer } from './phone-time-helpers.js';

const HOUR = 3_600_000;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(offsetMs: number): Promise<LoopbackSntpServer> {
  const s = await startLoopbackSntpServer(offsetMs);
  cleanups.push(() => s.close());
  return s;
}

/** A PhoneTime on the real network with short SNTP timeouts (100, 200 ms), and its log. */
function phoneTime(values: Record<string, unknown>): { time: PhoneTime; logs: LogRecord[] } {
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const set = settings.setMany(values);
  if (!set.ok) throw new Error(set.reason);
  const logs: LogRecord[] = [];
  const time = new PhoneTime({
    clock: new SystemClock(),
    sockets: new NodeSocketFactory(),
    settings,
    bindAddress: '127.0.0.1',
    logger: new SinkLogger((r) => logs.push(r)),
    sntpTimeoutMs: 100,
    sntpAttempts: 2,
  });
  cleanups.push(() => time.stop());
  return { time, logs };
}

describe('SNTP on loopback', () => {
  it('a Phone asks the server at start: its clock and the status bar run 1 h ahead', async () => {
    const ntp = await server(HOUR);
    const tp = await startTimePhone({ 'time.sntpEnabled': true, 'time.sntpServer': `127.0.0.1:${ntp.port}`, 'time.zone': 13 });
    cleanups.push(() => tp.stop());
    const status = await waitFor(() => (tp.phone.time.status().source === 'sntp' ? tp.phone.time.status() : undefined), 5_000, 'an SNTP sample');
    expect(Math.abs(status.offsetMs - HOUR)).toBeLessThan(50);
    expect(status.server).toBe(`127.0.0.1:${ntp.port}`);
    expect(status.stratum).toBe(1);
    expect(ntp.requests).toEqual([{ first: 0x23, length: 48 }]);
    console.log(`SNTP on loopback: offset ${status.offsetMs} ms (server +${HOUR}), round trip ${status.roundTripMs} ms`);

    const device = new Device({ phone: tp.phone, settings: tp.settings, clock: new SystemClock(), fonts: deviceFonts(undefined), time: tp.phone.time });
    const expected = (): string => formatClock(Date.now() + HOUR, timeDisplaySettings((k) => tp.settings.get(k))).time;
    const before = expected();
    expect([before, expected()]).toContain(device.snapshot().status.time);
    expect(formatClock(Date.now(), timeDisplaySettings((k) => tp.settings.get(k))).time).not.toBe(device.snapshot().status.time);
  });

  it('a host name with a port resolves (localhost:PORT)', async () => {
    const ntp = await server(-HOUR);
    const { time } = phoneTime({ 'time.sntpEnabled': true, 'time.sntpServer': `localhost:${ntp.port}` });
    time.start();
    const out = await time.syncNow();
    expect(out.ok).toBe(true);
    expect(Math.abs(time.status().offsetMs + HOUR)).toBeLessThan(50);
  });

  it('a silent primary: the backup; both silent: the host time and the reason, logged', async () => {
    const dead = await server(0);
    dead.answering = false;
    const backup = await server(HOUR);
    const a = phoneTime({ 'time.sntpEnabled': true, 'time.sntpServer': `127.0.0.1:${dead.port}`, 'time.sntpServer2': `127.0.0.1:${backup.port}` });
    a.time.start();
    const first = await a.time.syncNow();
    expect(first).toMatchObject({ ok: true, server: `127.0.0.1:${backup.port}` });
    expect(dead.requests).toHaveLength(2); // 100 ms, then 200 ms
    expect(a.time.status().source).toBe('sntp');

    backup.answering = false;
    const b = phoneTime({ 'time.sntpEnabled': true, 'time.sntpServer': `127.0.0.1:${dead.port}`, 'time.sntpServer2': `127.0.0.1:${backup.port}` });
    b.time.start();
    const out = await b.time.syncNow();
    expect(out.ok).toBe(false);
    expect(b.time.status()).toMatchObject({ source: 'host', offsetMs: 0, reason: expect.stringContaining('no answer after 2 tries') });
    expect(b.time.wallTime() - Date.now()).toBeLessThan(5);
    expect(b.logs.some((r) => r.level === 'warn' && r.msg === 'SNTP failed, using the host time')).toBe(true);
  });
});
