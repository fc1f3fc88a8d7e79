/**
 * Incoming-call features of issue #4 on direct (peer-to-peer) calls, no PBX:
 * two Sayhi phones (A on phone slot 8, B on slot 9) and SIPp callers, all on
 * 127.0.0.1. Proves:
 *  - IP strategy on A with only 127.0.0.3 listed: B's direct call from
 *    127.0.0.1 is refused with the refuse code (603 here) and leaves no missed
 *    call; with 127.0.0.0/8 listed, B's call rings;
 *  - anonymous call rejection: a SIPp caller with an anonymous From, and one
 *    with Privacy: id, get 433 Anonymity Disallowed (RFC 5079);
 *  - auto answer (headset mode, 500 ms delay here): a SIPp call is answered
 *    without the API after the delay, A hears SIPp's 1000 Hz tone, the status
 *    line shows autoAnswer 'headset', and a received call with its talk time
 *    is logged;
 *  - intercom with auto answer off: INVITEs with `Answer-Mode: Auto` (at
 *    once), `Call-Info: <...>;answer-after=1` (after a second) and
 *    `Alert-Info: <...>;info=alert-autoanswer` are answered and heard;
 *  - call history: B's calls are logged as dialed, A's as missed / received.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIpStrategyList } from '../../../src/phone/index.js';
import { runSipp } from '../../lab/index.js';
import { startFeaturePhone, writeCallerScenario, type FeaturePhone } from './features-incoming-helpers.js';
import { waitFor, waitForCall } from './helpers.js';

let a: FeaturePhone;
let b: FeaturePhone;
let dir: string;

const SIPP_HZ = 1000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sayhi-features-direct-'));
  [a, b] = await Promise.all([startFeaturePhone({ slot: 8, toneHz: 440 }), startFeaturePhone({ slot: 9, toneHz: 600 })]);
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const PLAIN_FROM = '"sipp" <sip:sipp@[local_ip]:[local_port]>';

/** A SIPp call to A that must be answered (by A itself): returns A's call and what A heard of it. */
async function sippCallAnswered(name: string, headers: string[] = []): Promise<{ answerMs: number; heard1000: number; id: string }> {
  const scenario = writeCallerScenario(dir, name, { from: PLAIN_FROM, headers, expect: 200, holdMs: 1500 });
  const from = a.ear.mark();
  const known = new Set(a.phone.calls().map((c) => c.id));
  const run = runSipp({ scenario, target: `127.0.0.1:${a.phone.sipPorts.udp}`, service: 'sayhi', toneHz: SIPP_HZ, timeoutMs: 10_000 });
  const ringing = await waitForCall(a.phone, (c) => !known.has(c.id) && c.direction === 'incoming', 5000);
  const up = await waitForCall(a.phone, (c) => c.id === ringing.id && c.state === 'connected', 5000);
  const r = await run;
  expect(r.code, r.stderr + r.errors).toBe(0);
  await waitForCall(a.phone, (c) => c.id === ringing.id && c.state === 'ended', 3000);
  return { answerMs: up.answeredAt! - up.startedAt, heard1000: a.ear.share(SIPP_HZ, from + 8000), id: ringing.id };
}

/** A SIPp call to A that must be refused with `status`. */
async function sippCallRefused(name: string, from: string, status: number, headers: string[] = []): Promise<void> {
  const scenario = writeCallerScenario(dir, name, { from, headers, expect: status });
  const r = await runSipp({ scenario, target: `127.0.0.1:${a.phone.sipPorts.udp}`, service: 'sayhi', timeoutMs: 8000 });
  expect(r.code, r.stderr + r.errors + r.messages.slice(-1500)).toBe(0);
}

describe('who may call: IP strategy, anonymous call rejection', () => {
  it('IP strategy: a direct call from an address not listed is refused; a listed range rings', async () => {
    a.set({ 'ipStrategy.enabled': true, 'call.refuseCode': '603' });
    expect(writeIpStrategyList(a.db, ['127.0.0.3']).ok).toBe(true);
    const target = `127.0.0.1:${a.phone.sipPorts.udp}`;
    const missed = a.db.callHistory.count('missed');
    const refused = await b.phone.dial(target);
    const ended = await waitForCall(b.phone, (c) => c.id === refused.id && c.state === 'ended', 5000);
    expect(ended.endReason).toBe('603 Decline');
    expect(a.featureEvents.at(-1)).toMatchObject({ feature: 'ip-strategy', detail: '603' });

    expect(writeIpStrategyList(a.db, ['127.0.0.3', '127.0.0.0/8']).ok).toBe(true);
    const allowed = await b.phone.dial(target);
    await waitForCall(b.phone, (c) => c.id === allowed.id && c.state === 'ringing', 5000);
    const ringing = await waitForCall(a.phone, (c) => c.direction === 'incoming' && c.state === 'ringing', 3000);
    await b.phone.hangup(allowed.id);
    await waitForCall(a.phone, (c) => c.id === ringing.id && c.state === 'ended', 3000);
    // the refused call left no missed call; the cancelled one did
    await waitFor(() => a.db.callHistory.count('missed') === missed + 1, 2000, 'one missed call');
    expect(a.db.callHistory.list('missed')[0]).toMatchObject({ endReason: 'cancelled by caller' });
    await waitFor(() => b.db.callHistory.count('dialed') === 2, 2000, 'B logged two dialed calls');
    expect(b.db.callHistory.list('dialed').map((r) => r.endReason)).toEqual(['cancelled', '603 Decline']);
    a.set({ 'ipStrategy.enabled': false, 'call.refuseCode': '486' });
  });

  it('anonymous call rejection: anonymous From and Privacy: id get 433', async () => {
    a.set({ 'account.1.anonymousCallReject': true });
    await sippCallRefused('anonymous-from', '"Anonymous" <sip:anonymous@anonymous.invalid>', 433);
    await sippCallRefused('privacy-id', PLAIN_FROM, 433, ['Privacy: id']);
    expect(a.featureEvents.filter((e) => e.feature === 'anonymous-rejection')).toHaveLength(2);
    expect(a.db.callHistory.list('missed')[0]).toMatchObject({ endReason: 'rejected 433 Anonymity Disallowed' });
    a.set({ 'account.1.anonymousCallReject': false });
  });
});

describe('auto answer and intercom', () => {
  it('auto answer (headset, 500 ms): answered without the API, heard, logged as received', async () => {
    a.set({ 'call.autoAnswer': true, 'call.autoAnswerMode': 'headset' });
    expect(a.phone.status().lines[0]!.autoAnswer).toBe('headset');
    const call = await sippCallAnswered('auto-answer');
    expect(call.answerMs).toBeGreaterThanOrEqual(450);
    expect(call.answerMs).toBeLessThan(1500);
    expect(call.heard1000).toBeGreaterThan(0.5);
    expect(a.featureEvents.at(-1)).toMatchObject({ callId: call.id, feature: 'auto-answer', detail: 'headset' });
    await waitFor(() => a.db.callHistory.list('received')[0], 2000, 'received call logged');
    const rec = a.db.callHistory.list('received')[0]!;
    expect(rec).toMatchObject({ line: 1, number: 'sipp', endReason: 'remote hangup' });
    expect(rec.durationS).toBeGreaterThanOrEqual(1);
    expect(rec.durationS).toBeLessThanOrEqual(3);
    a.set({ 'call.autoAnswer': false, 'call.autoAnswerMode': 'handsfree' });
    expect(a.phone.status().lines[0]!.autoAnswer).toBeUndefined();
  });

  it('intercom: Answer-Mode: Auto is answered at once', async () => {
    const call = await sippCallAnswered('answer-mode', ['Answer-Mode: Auto']);
    expect(call.answerMs).toBeLessThan(400);
    expect(call.heard1000).toBeGreaterThan(0.5);
    expect(a.featureEvents.at(-1)).toMatchObject({ feature: 'intercom', detail: 'handsfree (Answer-Mode)' });
  });

  it('intercom: Call-Info answer-after=1 is answered after a second', async () => {
    const call = await sippCallAnswered('call-info', ['Call-Info: <sip:127.0.0.1>;answer-after=1']);
    expect(call.answerMs).toBeGreaterThanOrEqual(950);
    expect(call.answerMs).toBeLessThan(2000);
    expect(call.heard1000).toBeGreaterThan(0.5);
  });

  it('intercom: Alert-Info info=alert-autoanswer is answered', async () => {
    const call = await sippCallAnswered('alert-info', ['Alert-Info: <http://127.0.0.1/intercom>;info=alert-autoanswer']);
    expect(call.answerMs).toBeLessThan(400);
    expect(call.heard1000).toBeGreaterThan(0.5);
    expect(a.featureEvents.at(-1)).toMatchObject({ feature: 'intercom', detail: 'handsfree (Alert-Info)' });
    expect(a.db.callHistory.count('received')).toBe(4);
  });
});
