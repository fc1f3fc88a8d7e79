/**
 * Sayhi registered to Kamailio over TCP and over TLS (the lab CA in tlsCa,
 * certificate verified), calling baresip 1.0 (1002, UDP, auto answer) and
 * called by it, on 127.0.0.1. Proves, per transport:
 *  - the phone registers over that transport (Kamailio's location table shows
 *    the tcp/tls socket);
 *  - the phone calls baresip: connected with PCMU, tones both ways;
 *  - baresip calls the phone: Kamailio reaches it over the connection the phone
 *    opened (RFC 5626-style reuse; the phone has no TLS listener), audio both ways,
 *    baresip's BYE ends the call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import { labToneWav, startBaresip, startKamailio, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { durationOf, startRegisteredPhone, toneShareIn } from './baresip-helpers.js';
import { waitForCall, type TestPhone } from './helpers.js';

const PHONE_HZ = 440;
const BARESIP_HZ = 700;

let kam: Kamailio;
let b1002: Baresip;

beforeAll(async () => {
  kam = await startKamailio();
  b1002 = await startBaresip({ user: '1002', registrar: kam, audioSource: await labToneWav(BARESIP_HZ) });
});

afterAll(stopAllLab);

/** Checks a finished call's audio: baresip heard the phone's tone, the phone baresip's (from `mark` s on). */
async function expectTonesBothWays(phone: TestPhone, mark: number, baresipBefore: string | undefined): Promise<void> {
  const heardByBaresip = await b1002.waitRecording('dec', { notPath: baresipBefore });
  expect(toneShareIn(heardByBaresip, PHONE_HZ, 0.5, 1.3)).toBeGreaterThan(0.6);
  expect(toneShareIn(phone.recordPath, BARESIP_HZ, mark + 0.5, mark + 1.3)).toBeGreaterThan(0.6);
  expect(toneShareIn(phone.recordPath, PHONE_HZ, mark + 0.5, mark + 1.3)).toBeLessThan(0.05);
}

describe.each([
  { transport: 'tcp' as const, slot: 7 },
  { transport: 'tls' as const, slot: 8 },
])('Sayhi over $transport <-> baresip through Kamailio', ({ transport, slot }) => {
  let phone: TestPhone;

  beforeAll(async () => {
    phone = await startRegisteredPhone({ kam, slot, user: '1001', toneHz: PHONE_HZ, transport });
  });

  afterAll(async () => {
    await phone?.stop();
  });

  it(`registers over ${transport}`, async () => {
    expect(phone.phone.status().lines[0]).toMatchObject({ transport, state: 'registered' });
    const table = await kam.ulDump();
    expect(table).toMatch(new RegExp(`Socket: ${transport}:127\\.0\\.0\\.1:${kam.endpoint(transport).port}`));
  });

  it('calls baresip: PCMU, tones both ways', async () => {
    const mark = durationOf(phone.recordPath);
    const before = b1002.latestRecording('dec');
    b1002.ctrl.clearEvents();
    const { id } = await phone.phone.dial('1002');
    const up = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'connected', 5000);
    expect(up.codec).toBe('PCMU');
    await b1002.ctrl.waitEvent('CALL_ESTABLISHED', 3000);
    await sleep(1500);
    await phone.phone.hangup(id);
    expect((await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended', 3000)).endReason).toBe('local hangup');
    await b1002.ctrl.waitEvent('CALL_CLOSED', 3000);
    await expectTonesBothWays(phone, mark, before);
  });

  it('is called by baresip over its own connection: audio both ways, remote hang-up', async () => {
    const mark = durationOf(phone.recordPath);
    const before = b1002.latestRecording('dec');
    b1002.ctrl.clearEvents();
    await b1002.ctrl.dial('sip:1001@127.0.0.1');
    const ringing = await waitForCall(phone.phone, (c) => c.direction === 'incoming' && c.state === 'ringing', 5000);
    await phone.phone.answer(ringing.id);
    await b1002.ctrl.waitEvent('CALL_ESTABLISHED', 3000);
    await sleep(1500);
    await b1002.ctrl.hangup();
    const ended = await waitForCall(phone.phone, (c) => c.id === ringing.id && c.state === 'ended', 3000);
    expect(ended.endReason).toBe('remote hangup');
    await b1002.ctrl.waitEvent('CALL_CLOSED', 3000);
    await expectTonesBothWays(phone, mark, before);
  });
});
