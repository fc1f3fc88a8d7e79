/**
 * Incoming-call features of issue #4 against real peers through Kamailio on
 * 127.0.0.1: a Sayhi phone (line 1 = 1001, line 2 = 1004), baresip 1002 (the
 * caller, manual answer) and baresip 1003 (auto answer, a quiet 700 Hz tone:
 * the forward target and the "first call"). Every feature is switched by its
 * registry key while the phone runs, as the web page would. Proves:
 *  - DND on the whole phone: baresip's call gets "Return Code When DND"
 *    (480), every enabled line shows dnd, a lineFeatures event says so, and a
 *    missed call is logged (status missedCalls, missedCalls event);
 *  - DND on line 1 only with the DND code set to 603: 1001 answers 603, 1004
 *    still rings; a manual reject without a code sends "Return Code When
 *    Refuse" (set to 404);
 *  - banlist: 1002 banned on account 1 gets the refuse code on 1001, rings on
 *    1004; the banned call is not logged as missed;
 *  - IP strategy with only 127.0.0.3 listed: calls through our registrar
 *    (Kamailio) still ring, a SIPp call straight from 127.0.0.1 gets 603;
 *  - anonymous call (account.1.anonymousCall): baresip sees the call come
 *    from sip:anonymous@anonymous.invalid;
 *  - forward always / no answer (2 rings): the phone answers 302, baresip
 *    1002 follows it to 1003 and hears 1003's tone; the phone's call and the
 *    call log say "forwarded to sip:1003@127.0.0.1"; the no-answer forward
 *    comes after the two rings, not before;
 *  - forward busy: while the phone talks to 1003 with call waiting off, a
 *    SIPp caller gets 302 with Contact <sip:1003@127.0.0.1>;
 *  - call waiting on: a second call rings beside the first and the earpiece
 *    hears the call-waiting tone (ITU 425 Hz bursts) over the first call;
 *    off: the second caller gets 486 Busy Here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIpStrategyList, type LineFeatureState } from '../../../src/phone/index.js';
import { makeToneWav, runSipp, startBaresip, startKamailio, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { startFeaturePhone, writeCallerScenario, type FeaturePhone } from './features-incoming-helpers.js';
import { toneShareIn } from './baresip-helpers.js';
import { waitFor, waitForCall } from './helpers.js';

let kam: Kamailio;
let p: FeaturePhone;
let b2: Baresip;
let b3: Baresip;
let dir: string;

const B3_HZ = 700;
const CALL_WAITING_HZ = 425; // ITU-T E.180 plan (call-waiting.ts)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sayhi-features-screening-'));
  kam = await startKamailio();
  const quiet = await makeToneWav(join(dir, 'quiet-700.wav'), B3_HZ, 120, 8000, { amplitude: 0.05 });
  [p, b2, b3] = await Promise.all([
    startFeaturePhone({ kam, slot: 8, users: ['1001', '1004'], toneHz: 440 }),
    startBaresip({ user: '1002', registrar: kam, answerMode: 'manual' }),
    startBaresip({ user: '1003', registrar: kam, answerMode: 'auto', audioSource: quiet }),
  ]);
});

afterAll(async () => {
  await p?.stop();
  await stopAllLab();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** baresip 1002 calls `user` on the phone and waits for its call to close; returns the closing status. */
async function refusedCall(user: string): Promise<string> {
  b2.ctrl.clearEvents();
  await b2.ctrl.dial(`sip:${user}@127.0.0.1`);
  const closed = await b2.ctrl.waitEvent('CALL_CLOSED', 5000);
  return closed.param ?? '';
}

/** baresip 1002 calls `user`; the phone rings (returns the call id). */
async function ringingCall(user: string, line: number): Promise<string> {
  b2.ctrl.clearEvents();
  const known = new Set(p.phone.calls().map((c) => c.id));
  await b2.ctrl.dial(`sip:${user}@127.0.0.1`);
  const c = await waitForCall(p.phone, (x) => !known.has(x.id) && x.direction === 'incoming' && x.state === 'ringing', 5000);
  expect(c.line).toBe(line);
  return c.id;
}

/** baresip 1002 gives up on a ringing call (CANCEL). */
async function cancelFromB2(id: string): Promise<void> {
  await b2.ctrl.hangup();
  await waitForCall(p.phone, (c) => c.id === id && c.state === 'ended', 3000);
  await b2.ctrl.waitEvent('CALL_CLOSED', 3000);
}

/** The phone calls 1003 (auto answer) and is connected; returns the call id. */
async function phoneTalksTo1003(): Promise<string> {
  const { id } = await p.phone.dial('1003', { line: 1 });
  await waitForCall(p.phone, (c) => c.id === id && c.state === 'connected', 5000);
  return id;
}

async function hangupAll(): Promise<void> {
  for (const c of p.phone.calls()) if (c.state !== 'ended') await p.phone.hangup(c.id).catch(() => undefined);
  await waitFor(() => p.phone.calls().every((c) => c.state === 'ended'), 3000, 'all calls ended');
  await b3.ctrl.hangup().catch(() => undefined);
}

describe('DND, return codes, banlist, anonymous call', () => {
  it('DND on the whole phone: 480, every enabled line shows DND, a missed call is logged', async () => {
    const states: LineFeatureState[][] = [];
    const counts: number[] = [];
    const offA = p.phone.events.on('lineFeatures', (s) => states.push(s));
    const offB = p.phone.events.on('missedCalls', (m) => counts.push(m.count));
    p.set({ 'call.dnd': true });
    expect(states.at(-1)?.map((s) => [s.line, s.dnd])).toEqual([[1, true], [2, true], [3, false]]);
    const status = await refusedCall('1001');
    expect(status).toMatch(/^480 Temporarily Unavailable/);
    const lines = p.phone.status().lines;
    expect(lines.map((l) => [l.state, l.dnd])).toEqual([['registered', true], ['registered', true], ['disabled', false]]);
    await waitFor(() => p.db.callHistory.count('missed') === 1, 2000, 'missed call logged');
    const [missed] = p.db.callHistory.list('missed');
    expect(missed).toMatchObject({ line: 1, number: '1002', remoteUri: 'sip:1002@127.0.0.1', durationS: 0, endReason: 'rejected 480 Temporarily Unavailable' });
    expect(p.phone.status().missedCalls).toBe(1);
    expect(counts).toEqual([1]);
    expect(p.featureEvents.at(-1)).toMatchObject({ feature: 'dnd', line: 1, detail: '480' });
    p.set({ 'call.dnd': false });
    expect(states.at(-1)?.every((s) => !s.dnd)).toBe(true);
    offA();
    offB();
  });

  it('DND on line 1 with code 603: 1001 declines, 1004 rings; a manual reject sends the refuse code', async () => {
    p.set({ 'account.1.dnd': true, 'call.dndCode': '603', 'call.refuseCode': '404' });
    expect(p.phone.status().lines.map((l) => l.dnd)).toEqual([true, false, false]);
    expect(await refusedCall('1001')).toMatch(/^603 Decline/);
    const id = await ringingCall('1004', 2);
    await p.phone.reject(id);
    const closed = await b2.ctrl.waitEvent('CALL_CLOSED', 3000);
    expect(closed.param).toMatch(/^404 Not Found/);
    p.set({ 'account.1.dnd': false });
  });

  it('banlist: 1002 banned on account 1 is refused there without a missed call, and rings on line 2', async () => {
    p.set({ 'call.refuseCode': '603' });
    const ban = p.db.banlist.add({ firstName: 'Spam', mobile: '1002', account: 1 });
    const missedBefore = p.db.callHistory.count('missed');
    expect(await refusedCall('1001')).toMatch(/^603 Decline/);
    expect(p.featureEvents.at(-1)).toMatchObject({ feature: 'banlist', line: 1, detail: '603' });
    await cancelFromB2(await ringingCall('1004', 2));
    await waitFor(() => p.db.callHistory.count('missed') === missedBefore + 1, 2000, 'the line-2 call logged');
    // only the cancelled call on line 2 is there: the banned one left no record
    expect(p.db.callHistory.list('missed')[0]).toMatchObject({ line: 2, endReason: 'cancelled by caller' });
    p.db.banlist.remove(ban.id);
    p.set({ 'call.refuseCode': '486', 'call.dndCode': '480' });
  });

  it('IP strategy: calls through our registrar still ring; a direct call from elsewhere is refused', async () => {
    p.set({ 'ipStrategy.enabled': true, 'call.refuseCode': '603' });
    expect(writeIpStrategyList(p.db, ['127.0.0.3']).ok).toBe(true);
    await cancelFromB2(await ringingCall('1001', 1));
    const scenario = writeCallerScenario(dir, 'ip-strategy-direct', { from: '"sipp" <sip:sipp@[local_ip]:[local_port]>', expect: 603 });
    const r = await runSipp({ scenario, target: `127.0.0.1:${p.phone.sipPorts.udp}`, service: '1001', timeoutMs: 8000 });
    expect(r.code, r.stderr + r.errors).toBe(0);
    expect(p.featureEvents.at(-1)).toMatchObject({ feature: 'ip-strategy', detail: '603' });
    p.set({ 'ipStrategy.enabled': false, 'call.refuseCode': '486' });
  });

  it('anonymous call: baresip sees an anonymous caller; the dialed call is logged', async () => {
    p.set({ 'account.1.anonymousCall': true });
    b2.ctrl.clearEvents();
    const { id } = await p.phone.dial('1002', { line: 1 });
    const incoming = await b2.ctrl.waitEvent('CALL_INCOMING', 5000);
    expect(incoming.peeruri).toBe('sip:anonymous@anonymous.invalid');
    await b2.ctrl.hangup();
    await waitForCall(p.phone, (c) => c.id === id && c.state === 'ended', 3000);
    await waitFor(() => p.db.callHistory.list('dialed')[0], 2000, 'dialed call logged');
    expect(p.db.callHistory.list('dialed')[0]).toMatchObject({ line: 1, number: '1002', durationS: 0 });
    p.set({ 'account.1.anonymousCall': false });
  });
});

describe('forwarding and call waiting', () => {
  it('forward always: the caller follows the 302 to 1003 and hears it', async () => {
    p.set({ 'call.forwardAlways': true, 'call.forwardAlwaysNumber': '1003' });
    expect(p.phone.status().lines[0]!.forward).toEqual({ always: 'sip:1003@127.0.0.1' });
    b2.ctrl.clearEvents();
    b3.ctrl.clearEvents();
    await b2.ctrl.dial('sip:1001@127.0.0.1');
    await b2.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    const at3 = await b3.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    expect(at3.peeruri).toBe('sip:1002@127.0.0.1');
    const forwarded = await waitForCall(p.phone, (c) => c.endReason === 'forwarded to sip:1003@127.0.0.1', 3000);
    expect(forwarded.answeredAt).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1500));
    await b2.ctrl.hangup();
    await b2.ctrl.waitEvent('CALL_CLOSED', 3000);
    const heard = await b2.waitRecording('dec');
    expect(toneShareIn(heard, B3_HZ, 0.3)).toBeGreaterThan(0.5);
    expect(p.db.callHistory.list('missed')[0]).toMatchObject({ number: '1002', endReason: 'forwarded to sip:1003@127.0.0.1' });
    expect(p.featureEvents.at(-1)).toMatchObject({ feature: 'forward', detail: 'always sip:1003@127.0.0.1' });
    p.set({ 'call.forwardAlways': false });
  });

  it('forward on no answer: after two rings (1 s each here) the caller is sent to 1003', async () => {
    p.set({ 'call.forwardNoAnswer': true, 'call.forwardNoAnswerNumber': '1003', 'call.forwardNoAnswerRings': 2 });
    expect(p.phone.status().lines[0]!.forward).toEqual({ noAnswer: { target: 'sip:1003@127.0.0.1', afterRings: 2 } });
    b3.ctrl.clearEvents();
    const id = await ringingCall('1001', 1);
    const rangAt = Date.now();
    const ended = await waitForCall(p.phone, (c) => c.id === id && c.state === 'ended', 5000);
    const rangMs = Date.now() - rangAt;
    expect(ended.endReason).toBe('forwarded to sip:1003@127.0.0.1');
    expect(rangMs).toBeGreaterThan(1800);
    expect(rangMs).toBeLessThan(3500);
    await b2.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    await b3.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    await b2.ctrl.hangup();
    await b2.ctrl.waitEvent('CALL_CLOSED', 3000);
    p.set({ 'call.forwardNoAnswer': false });
  });

  it('forward busy: talking with call waiting off, a SIPp caller gets 302 with Contact <sip:1003@127.0.0.1>', async () => {
    p.set({ 'call.callWaiting': false, 'call.forwardBusy': true, 'call.forwardBusyNumber': '1003' });
    const first = await phoneTalksTo1003();
    const scenario = writeCallerScenario(dir, 'busy-forward', { from: '"sipp" <sip:sipp@[local_ip]:[local_port]>', expect: 302 });
    const r = await runSipp({ scenario, target: `127.0.0.1:${p.phone.sipPorts.udp}`, service: '1001', timeoutMs: 8000 });
    expect(r.code, r.stderr + r.errors).toBe(0);
    expect(r.logs).toMatch(/final 302 contact=.*<sip:1003@127\.0\.0\.1>/);
    expect(p.phone.calls().find((c) => c.id === first)?.state).toBe('connected');
    expect(p.featureEvents.at(-1)).toMatchObject({ feature: 'forward', detail: 'busy sip:1003@127.0.0.1' });
    await hangupAll();
    p.set({ 'call.callWaiting': true, 'call.forwardBusy': false });
  });

  it('call waiting on: the second call rings beside the first with the tone in the earpiece; off: 486', async () => {
    p.set({ 'call.callWaiting': true, 'call.callWaitingTone': true, 'call.callWaitingToneInterval': 1 });
    await phoneTalksTo1003();
    await new Promise((r) => setTimeout(r, 800));
    const talking = p.ear.mark();
    const second = await ringingCall('1001', 1);
    const ringing = p.ear.mark();
    expect(p.featureEvents.at(-1)).toMatchObject({ callId: second, feature: 'call-waiting' });
    await new Promise((r) => setTimeout(r, 1500));
    await cancelFromB2(second);
    const waited = p.ear.mark();
    // 1003's tone before, the call-waiting bursts (200 ms on/off) only while the second call rang
    expect(p.ear.share(B3_HZ, talking - 8000, talking)).toBeGreaterThan(0.5);
    expect(p.ear.peakShare(CALL_WAITING_HZ, talking - 8000, talking)).toBeLessThan(0.05);
    expect(p.ear.peakShare(CALL_WAITING_HZ, ringing, waited)).toBeGreaterThan(0.5);
    await new Promise((r) => setTimeout(r, 500));
    const after = p.ear.mark();
    await new Promise((r) => setTimeout(r, 1200));
    expect(p.ear.peakShare(CALL_WAITING_HZ, after)).toBeLessThan(0.05);

    p.set({ 'call.callWaiting': false });
    expect(await refusedCall('1001')).toMatch(/^486 Busy Here/);
    expect(p.featureEvents.at(-1)).toMatchObject({ feature: 'busy', detail: '486' });
    await hangupAll();
    p.set({ 'call.callWaiting': true });
  });
});
