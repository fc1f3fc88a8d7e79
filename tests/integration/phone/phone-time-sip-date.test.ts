/**
 * The phone's "SIP server" time mode against a real registrar on loopback
 * (RFC 3261 §20.17): the lab's Kamailio sends no Date header (checked: its 200
 * to REGISTER carries Server only), so a SIPp registrar scenario answers the
 * phone's REGISTER with `Date:` one hour ahead of the host. The phone's clock
 * then runs 1 h ahead (source sip-server), and the face shows it; with
 * time.sipServerTime off the same Date is ignored.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/base/index.js';
import { Device, deviceFonts, formatClock, timeDisplaySettings } from '../../../src/device/index.js';
import { defaultAccount, formatSipDate } from '../../../src/phone/index.js';
import { startSipp, stopAllLab } from '../../lab/index.js';
import { waitFor } from './helpers.js';
import { startTimePhone, type TimePhone } from './phone-time-helpers.js';

afterAll(stopAllLab);

const HOUR = 3_600_000;

/** A SIPp registrar whose Date is 1 h ahead, and a phone registered to it. */
async function registerWithDate(sipServerTime: boolean): Promise<TimePhone & { sippCode: () => Promise<number | null> }> {
  const sipp = await startSipp({ scenario: 'registrar-date', keys: { server_date: formatSipDate(Date.now() + HOUR) }, timeoutMs: 30_000 });
  const account = { ...defaultAccount(), enabled: true, user: '1001', password: 'pw1001', server: `127.0.0.1:${sipp.localPort}`, transport: 'udp' as const };
  const tp = await startTimePhone({ 'time.sipServerTime': sipServerTime }, [account]);
  await waitFor(() => tp.phone.status().lines[0]?.state === 'registered', 10_000, 'line 1 registered with the SIPp registrar');
  return { ...tp, sippCode: async () => (await sipp.wait()).code };
}

describe('time from the SIP server Date header', () => {
  it('a registrar 1 h ahead: the phone clock and the status bar run 1 h ahead', async () => {
    const { phone, settings, stop, sippCode } = await registerWithDate(true);
    const status = phone.time.status();
    expect(status.source).toBe('sip-server');
    // whole seconds, plus the time from writing the Date to the 200 arriving
    expect(Math.abs(status.offsetMs - HOUR)).toBeLessThan(3_000);
    const device = new Device({ phone, settings, clock: new SystemClock(), fonts: deviceFonts(undefined), time: phone.time });
    const expected = (): string => formatClock(Date.now() + status.offsetMs, timeDisplaySettings((k) => settings.get(k))).time;
    const before = expected();
    const shown = device.snapshot().status.time;
    expect([before, expected()]).toContain(shown);
    await stop(); // un-REGISTER: the scenario's second 200
    expect(await sippCode()).toBe(0);
  });

  it('with time.sipServerTime off the Date header changes nothing', async () => {
    const { phone, stop, sippCode } = await registerWithDate(false);
    expect(phone.time.status()).toMatchObject({ source: 'host', offsetMs: 0 });
    await stop();
    expect(await sippCode()).toBe(0);
  });
});
