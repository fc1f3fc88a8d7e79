/**
 * The 3-way conference mixed in Sayhi, against real peers through Kamailio on
 * 127.0.0.1. Sayhi 1001 (440 Hz) is the originator; the parties are Sayhi
 * 1004 (700 Hz; it is held and resumed on the way, and baresip 1.0 stops its
 * recording at a re-INVITE, so this party is a Sayhi phone, whose recording
 * goes on) and baresip 1003 (1000 Hz) or, where Replaces is needed, Sayhi
 * 1005 (baresip 1.0 refuses "Require: replaces" with 420).
 *
 *  - from an active call with a held line (manual: CONF, dial the third
 *    party, CONF): 1001 talks to 1004, dials 1003 (1004 goes on hold), joins
 *    the two calls (1004 is resumed). Each of the three hears the other two
 *    tones and not its own (Goertzel on the three recordings). Exit "end-all":
 *    1001 hangs up and both far ends are hung up.
 *  - exit "keep-others": 1001 leaves a conference with 1004 and 1005; they are
 *    connected to each other by an attended transfer and hear each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import { labToneWav, startBaresip, startKamailio, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { durationOf, toneShareIn } from './baresip-helpers.js';
import { recentShare, sayhiCall, startFeaturePhone, waitCallWith, type FeaturePhone } from './features-call-helpers.js';
import { waitForCall } from './helpers.js';

const A_HZ = 440;
const B_HZ = 700;
const C_HZ = 1000;

let kam: Kamailio;
let a: FeaturePhone;
let b: FeaturePhone;
let c: Baresip;

beforeAll(async () => {
  kam = await startKamailio();
  [a, b, c] = await Promise.all([
    startFeaturePhone({ kam, slot: 6, user: '1001', toneHz: A_HZ }),
    startFeaturePhone({ kam, slot: 7, user: '1004', toneHz: B_HZ }),
    labToneWav(C_HZ).then((wav) => startBaresip({ user: '1003', registrar: kam, audioSource: wav })),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await stopAllLab();
});

/** Over [from, to) s of a recording: each of `hears` is a good part of it, `not` is absent. */
function expectMix(path: string, from: number, to: number, hears: number[], not: number): void {
  for (const hz of hears) expect(toneShareIn(path, hz, from, to), `${hz} Hz in ${path}`).toBeGreaterThan(0.2);
  expect(toneShareIn(path, not, from, to), `${not} Hz in ${path}`).toBeLessThan(0.05);
}

/** The same over the newest 0.8 s a Sayhi phone has recorded (see recentShare). */
function expectRecent(path: string, hears: number[], not: number): void {
  for (const hz of hears) expect(recentShare(path, hz), `${hz} Hz in ${path}`).toBeGreaterThan(0.2);
  expect(recentShare(path, not), `${not} Hz in ${path}`).toBeLessThan(0.05);
}

describe('3-way conference against real peers (Kamailio, baresip, Sayhi)', () => {
  it('from an active call with a held line: each of the three hears the other two; exit end-all hangs up both', async () => {
    c.ctrl.clearEvents();
    const ab = await sayhiCall(a, b);
    const { id: acId } = await a.phone.dial('1003');
    await waitForCall(a.phone, (x) => x.id === acId && x.state === 'connected', 5000);
    await c.ctrl.waitEvent('CALL_ESTABLISHED', 3000);
    expect(a.phone.calls().find((x) => x.id === ab.atCaller)?.state).toBe('held');

    await a.phone.conference(acId, ab.atCaller);
    const joined = a.phone.calls().filter((x) => x.conference);
    expect(joined.map((x) => x.id).sort()).toEqual([acId, ab.atCaller].sort());
    expect(joined.every((x) => x.state === 'connected')).toBe(true);
    await sleep(2000);
    expectRecent(a.recordPath, [B_HZ, C_HZ], A_HZ);
    expectRecent(b.recordPath, [A_HZ, C_HZ], B_HZ);

    await a.phone.hangup(ab.atCaller);
    await waitForCall(b.phone, (x) => x.id === ab.atCallee && x.state === 'ended', 3000);
    await c.ctrl.waitEvent('CALL_CLOSED', 3000);
    expect(a.phone.calls().filter((x) => x.state !== 'ended')).toEqual([]);

    const cHeard = await c.waitRecording('dec');
    const end = durationOf(cHeard);
    expectMix(cHeard, end - 1.6, end - 0.2, [A_HZ, B_HZ], C_HZ);
  });

  it('exit keep-others: the originator leaves, 1004 and 1005 stay connected (REFER with Replaces) and hear each other', async () => {
    const c2 = await startFeaturePhone({ kam, slot: 8, user: '1005', toneHz: C_HZ });
    a.settings.set('call.conferenceExit', 'keep-others');
    try {
      const ab = await sayhiCall(a, b);
      const ac = await sayhiCall(a, c2);
      await a.phone.conference(ab.atCaller, ac.atCaller);
      await sleep(800);
      await a.phone.hangup(ac.atCaller);
      await waitForCall(a.phone, (x) => x.id === ab.atCaller && x.state === 'ended', 5000);
      await waitForCall(a.phone, (x) => x.id === ac.atCaller && x.state === 'ended', 3000);
      expect(a.phone.calls().find((x) => x.id === ab.atCaller)?.transfer).toMatchObject({ state: 'succeeded', withCall: ac.atCaller });
      const bc = await waitCallWith(b, '1005', (x) => x.state === 'connected', 3000);
      await waitCallWith(c2, '1004', (x) => x.state === 'connected', 3000);
      await waitForCall(b.phone, (x) => x.id === ab.atCallee && x.state === 'ended', 3000);
      await waitForCall(c2.phone, (x) => x.id === ac.atCallee && x.state === 'ended', 3000);
      await sleep(1600);
      expectRecent(b.recordPath, [C_HZ], A_HZ);
      expectRecent(c2.recordPath, [B_HZ], A_HZ);
      await b.phone.hangup(bc.id);
      await waitCallWith(c2, '1004', (x) => x.state === 'ended', 3000);
    } finally {
      a.settings.set('call.conferenceExit', 'end-all');
      await c2.stop();
    }
  });
});
