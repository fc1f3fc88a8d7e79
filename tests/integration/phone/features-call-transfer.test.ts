/**
 * Call transfer against real peers through Kamailio, all on 127.0.0.1, each
 * role taken by a real peer where one can play it (baresip 1.0 does blind
 * REFER both ways, but not Replaces: as a transferee it puts the Replaces in
 * the Request-URI instead of a header, and as a target it refuses
 * "Require: replaces" with 420 - checked by hand, see docs/decisions.md):
 *
 *  - blind, Sayhi as transferor: Sayhi 1001 talks to baresip 1002 and
 *    transfers it to baresip 1003. baresip 1002 (transferee) calls 1003;
 *    1002 and 1003 hear each other's tones (Goertzel on their recordings);
 *    Sayhi shows trying -> succeeded from the NOTIFYs and its call ends.
 *  - blind, Sayhi as transferee: baresip 1002 calls Sayhi 1001 and sends
 *    REFER (its `transfer` command) to baresip 1003. Sayhi calls 1003, the
 *    two hear each other, baresip 1002 gets NOTIFY 200 and its call ends.
 *  - attended (consult) with Replaces, Sayhi in all three roles: Sayhi 1001
 *    (transferor) talks to Sayhi 1004 (transferee), consults Sayhi 1005
 *    (target) and transfers; 1004's INVITE with Replaces is answered by 1005
 *    at once in place of its call with 1001; 1004 and 1005 hear each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import { labToneWav, startBaresip, startKamailio, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { toneShareIn } from './baresip-helpers.js';
import { recentShare, sayhiCall, startFeaturePhone, waitCallWith, type FeaturePhone } from './features-call-helpers.js';
import { waitForCall } from './helpers.js';

const SAYHI_HZ = 440;
const B_HZ = 700;
const C_HZ = 1000;

let kam: Kamailio;
let a: FeaturePhone;
let b: Baresip;
let c: Baresip;

beforeAll(async () => {
  kam = await startKamailio();
  [a, b, c] = await Promise.all([
    startFeaturePhone({ kam, slot: 6, user: '1001', toneHz: SAYHI_HZ }),
    labToneWav(B_HZ).then((wav) => startBaresip({ user: '1002', registrar: kam, audioSource: wav })),
    labToneWav(C_HZ).then((wav) => startBaresip({ user: '1003', registrar: kam, audioSource: wav })),
  ]);
});

afterAll(async () => {
  await a?.stop();
  await stopAllLab();
});

describe('transfer against real peers (Kamailio, baresip)', () => {
  it('blind: Sayhi transfers baresip 1002 to baresip 1003; they hear each other; Sayhi sees success and hangs up', async () => {
    b.ctrl.clearEvents();
    c.ctrl.clearEvents();
    const { id } = await a.phone.dial('1002');
    await waitForCall(a.phone, (x) => x.id === id && x.state === 'connected', 5000);
    // baresip names recordings by call start (1 s resolution): the transferred call must start in a later second
    await sleep(1100);
    const states: string[] = [];
    const off = a.phone.events.on('call', (x) => x.id === id && x.transfer && x.transfer.state !== states.at(-1) && states.push(x.transfer.state));
    expect(await a.phone.transfer(id, { to: '1003' })).toEqual({ ok: true });
    const ended = await waitForCall(a.phone, (x) => x.id === id && x.state === 'ended', 5000);
    off();
    expect(ended.transfer).toMatchObject({ role: 'transferor', state: 'succeeded', status: 200, target: 'sip:1003@127.0.0.1' });
    expect(states.at(0)).toBe('trying');
    expect(states.at(-1)).toBe('succeeded');
    expect((await c.ctrl.waitEvent('CALL_ESTABLISHED', 3000)).peeruri).toBe('sip:1002@127.0.0.1');
    await sleep(1500);
    await c.ctrl.hangup();
    await c.ctrl.waitEvent('CALL_CLOSED', 3000);
    await b.ctrl.waitEvent('CALL_CLOSED', 3000, (e) => e.peeruri === 'sip:1003@127.0.0.1');
    const bHeard = await b.waitRecording('dec');
    const cHeard = await c.waitRecording('dec');
    expect(toneShareIn(bHeard, C_HZ, 0.5, 1.3)).toBeGreaterThan(0.6);
    expect(toneShareIn(cHeard, B_HZ, 0.5, 1.3)).toBeGreaterThan(0.6);
    expect(toneShareIn(bHeard, SAYHI_HZ, 0.5, 1.3)).toBeLessThan(0.05);
  });

  it('Sayhi as transferee: baresip 1002 REFERs Sayhi to baresip 1003; Sayhi calls it, they hear each other', async () => {
    b.ctrl.clearEvents();
    c.ctrl.clearEvents();
    await sleep(1100);
    await b.ctrl.dial('sip:1001@127.0.0.1');
    const ringing = await waitForCall(a.phone, (x) => x.direction === 'incoming' && x.state === 'ringing', 5000);
    await a.phone.answer(ringing.id);
    await b.ctrl.waitEvent('CALL_ESTABLISHED', 3000);
    await sleep(500);
    const reply = await b.ctrl.command('transfer', 'sip:1003@127.0.0.1');
    expect(reply.ok, reply.data).toBe(true);
    const next = await waitCallWith(a, '1003', (x) => x.state === 'connected', 5000);
    expect((await c.ctrl.waitEvent('CALL_ESTABLISHED', 3000)).peeruri).toBe('sip:1001@127.0.0.1');
    // the transferor ends its call after our NOTIFY 200 (or we do, 2 s later)
    const old = await waitForCall(a.phone, (x) => x.id === ringing.id && x.state === 'ended', 4000);
    expect(old.transfer).toMatchObject({ role: 'transferee', state: 'succeeded', target: 'sip:1003@127.0.0.1', newCall: next.id });
    await b.ctrl.waitEvent('CALL_CLOSED', 3000);
    await sleep(1600);
    expect(recentShare(a.recordPath, C_HZ)).toBeGreaterThan(0.6);
    expect(recentShare(a.recordPath, B_HZ)).toBeLessThan(0.05);
    await a.phone.hangup(next.id);
    await c.ctrl.waitEvent('CALL_CLOSED', 3000);
    const cHeard = await c.waitRecording('dec');
    expect(toneShareIn(cHeard, SAYHI_HZ, 0.5, 1.3)).toBeGreaterThan(0.6);
  });

  it('attended with Replaces (Sayhi transferor, transferee and target): 1004 and 1005 end up talking', async () => {
    const [b2, c2] = await Promise.all([
      startFeaturePhone({ kam, slot: 7, user: '1004', toneHz: B_HZ }),
      startFeaturePhone({ kam, slot: 8, user: '1005', toneHz: C_HZ }),
    ]);
    try {
      const ab = await sayhiCall(a, b2 as FeaturePhone);
      const ac = await sayhiCall(a, c2 as FeaturePhone);
      expect(a.phone.calls().find((x) => x.id === ab.atCaller)?.state).toBe('held');
      expect(await a.phone.transfer(ab.atCaller, { withCall: ac.atCaller })).toEqual({ ok: true });
      await waitForCall(a.phone, (x) => x.id === ab.atCaller && x.state === 'ended' && x.transfer?.state === 'succeeded', 5000);
      await waitForCall(a.phone, (x) => x.id === ac.atCaller && x.state === 'ended', 3000);
      // at 1005 the call from 1004 took the consultation call's place
      const taken = await waitCallWith(c2, '1004', (x) => x.state === 'connected', 3000);
      await waitForCall(c2.phone, (x) => x.id === ac.atCallee && x.state === 'ended', 3000);
      await waitForCall(b2.phone, (x) => x.id === ab.atCallee && x.state === 'ended', 4000);
      // answered at once, without ringing (RFC 3891 §3: it replaces a call in progress)
      expect(taken.answeredAt! - taken.startedAt).toBeLessThan(200);
      await sleep(1600);
      expect(recentShare(b2.recordPath, C_HZ)).toBeGreaterThan(0.6);
      expect(recentShare(c2.recordPath, B_HZ)).toBeGreaterThan(0.6);
      expect(recentShare(b2.recordPath, SAYHI_HZ)).toBeLessThan(0.05);
      expect(recentShare(c2.recordPath, SAYHI_HZ)).toBeLessThan(0.05);
      await c2.phone.hangup(taken.id);
      await waitCallWith(b2, '1005', (x) => x.state === 'ended', 3000);
    } finally {
      await Promise.all([b2.stop(), c2.stop()]);
    }
  });
});
