/**
 * Calls that never connect, between Sayhi (1001, UDP) and baresip 1.0 (1003,
 * manual answer) through Kamailio on 127.0.0.1. Proves:
 *  - the phone cancels while baresip rings: baresip's call closes, the phone's
 *    call ends 'cancelled' (CANCEL, 487; RFC 3261 §9);
 *  - baresip cancels while the phone rings: the phone's call ends
 *    'cancelled by caller' and baresip's closes;
 *  - the phone rejects with 486: baresip's call closes with 486 Busy Here;
 *  - baresip rejects (hang-up while ringing): the phone's call ends with that status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip, startKamailio, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { startRegisteredPhone } from './baresip-helpers.js';
import { waitForCall, type TestPhone } from './helpers.js';

let kam: Kamailio;
let phone: TestPhone;
let b1003: Baresip;

beforeAll(async () => {
  kam = await startKamailio();
  [phone, b1003] = await Promise.all([
    startRegisteredPhone({ kam, slot: 6, user: '1001', toneHz: 440 }),
    startBaresip({ user: '1003', registrar: kam, answerMode: 'manual' }),
  ]);
});

afterAll(async () => {
  await phone?.stop();
  await stopAllLab();
});

/** The phone dials 1003 and baresip shows the incoming call (it rings; manual answer). */
async function phoneRingsBaresip(): Promise<string> {
  b1003.ctrl.clearEvents();
  const { id } = await phone.phone.dial('1003');
  const incoming = await b1003.ctrl.waitEvent('CALL_INCOMING', 3000);
  expect(incoming.peeruri).toBe('sip:1001@127.0.0.1');
  await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ringing', 3000);
  return id;
}

/** baresip dials the phone and the phone rings. */
async function baresipRingsPhone(): Promise<string> {
  b1003.ctrl.clearEvents();
  await b1003.ctrl.dial('sip:1001@127.0.0.1');
  const ringing = await waitForCall(phone.phone, (c) => c.direction === 'incoming' && c.state === 'ringing', 3000);
  expect(ringing.remote).toBe('sip:1003@127.0.0.1');
  await b1003.ctrl.waitEvent('CALL_RINGING', 3000);
  return ringing.id;
}

describe('Sayhi <-> baresip: cancel and reject through Kamailio', () => {
  it('the phone cancels while baresip rings', async () => {
    const id = await phoneRingsBaresip();
    await phone.phone.hangup(id);
    const ended = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended', 3000);
    expect(ended.endReason).toBe('cancelled');
    const closed = await b1003.ctrl.waitEvent('CALL_CLOSED', 3000);
    expect(closed.peeruri).toBe('sip:1001@127.0.0.1');
    // libre reports a call the peer ended (CANCEL, BYE) as ECONNRESET; a timeout or an error status reads otherwise
    expect(closed.param).toBe('Connection reset by peer');
    expect(await b1003.ctrl.listcalls()).not.toMatch(/1001/);
  });

  it('baresip cancels while the phone rings', async () => {
    const id = await baresipRingsPhone();
    await b1003.ctrl.hangup();
    const ended = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended', 3000);
    expect(ended.endReason).toBe('cancelled by caller');
    expect(ended.answeredAt).toBeUndefined();
    await b1003.ctrl.waitEvent('CALL_CLOSED', 3000);
  });

  it('the phone rejects with 486: baresip hears Busy Here', async () => {
    const id = await baresipRingsPhone();
    await phone.phone.reject(id, 486);
    const ended = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended', 3000);
    expect(ended.endReason).toBe('rejected 486 Busy Here');
    const closed = await b1003.ctrl.waitEvent('CALL_CLOSED', 3000);
    expect(closed.param).toMatch(/^486 Busy Here/);
  });

  it('baresip rejects (hang-up while ringing): the phone ends with its status', async () => {
    const id = await phoneRingsBaresip();
    await b1003.ctrl.hangup();
    const ended = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended', 3000);
    // baresip 1.0 refuses a ringing call it hangs up with "486 Rejected"
    expect(ended.endReason).toBe('486 Rejected');
    expect(ended.answeredAt).toBeUndefined();
    await b1003.ctrl.waitEvent('CALL_CLOSED', 3000);
  });
});
