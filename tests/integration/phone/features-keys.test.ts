/**
 * Programmable keys and services of a Sayhi phone (line 1 = 1001 on the lab
 * Kamailio) against real peers: Kamailio (registrar, proxy, presence with
 * dialog and message-summary), baresip phones and SIPp callees reached
 * through Kamailio (a SIPp binding makes SIPp user 100x). Proves:
 *  - BLF: the key on 1009 goes idle -> ringing -> busy -> idle (phone status
 *    and `key` events), and so does line key 3 set to BLF on 1009 ("l3"),
 *    from Kamailio's dialog NOTIFYs while baresip 1006 calls baresip 1009;
 *    pressed while 1009 rings it dials the pickup code + extension (INVITE
 *    sip:**1009, which this Kamailio answers 404);
 *  - MWI: a PUBLISHed message-summary for 1001 (SIPp as the voicemail server)
 *    lights line 1 with 2 new messages; the Message key dials the voice-mail
 *    number 1008 and SIPp (as 1008) gets the INVITE;
 *  - speed dial, speed dial prefix (+ keys and '#') and intercom keys INVITE
 *    1005 (SIPp), the intercom one with the auto-answer Alert-Info/Call-Info;
 *  - the DTMF key sends its digits to baresip 1002 in the call (RFC 4733);
 *  - the park key REFERs the connected call to the park number (SIPp sees
 *    REFER with Refer-To sip:700@127.0.0.1, answers 202) and ends our leg;
 *  - directed pickup and the dial plan, on a peer-to-peer phone: a rule sends
 *    "**" codes to SIPp's IP and port, another strips a leading 8: SIPp gets
 *    INVITE sip:**1009@ and sip:123@ straight from the phone (one Via);
 *    "#28#123" goes as sip:%2328%23123@, and as sip:#28#123@ with the
 *    Pound Send Method set to "#";
 *  - hotline: off-hook INVITEs the hot number at once (immediate) or after
 *    the 1 s delay (delayed); on-hook hangs up;
 *  - called-no-answer time: a call SIPp never answers is CANCELled after 5 s.
 * Users: 1001 phone, 1002/1006/1009 baresip, 1003/1004/1005/1007/1008 SIPp, 1010 the PUBLISHer;
 * a second, peer-to-peer phone for the dial plan's direct calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import type { KeyLamp, ProgrammableKeyStatus } from '../../../src/phone/index.js';
import { runSipp, startBaresip, startKamailio, startSipp, stopAllLab, type Kamailio, type SippProcess } from '../../lab/index.js';
import { waitFor, waitForCall } from './helpers.js';
import { bindUser, keysXml, receivedRequests, startKeysPhone, writeScenarios, type KeysPhone } from './features-keys-helpers.js';

let kam: Kamailio;
let a: KeysPhone;
let scenarios: ReturnType<typeof writeScenarios>;

const KEYS = keysXml([
  { id: 0, type: 1, number: '1009' },
  { id: 1, type: 5, number: '1005' },
  { id: 2, type: 2, number: '10' },
  { id: 3, type: 4, number: '*5#' },
  { id: 4, type: 8, number: '1005' },
  { id: 5, type: 7, number: '700' },
], [
  // line key 3 set to BLF on 1009 (manual §7 "Line Keys")
  { id: 2, type: 1, number: '1009' },
]);

beforeAll(async () => {
  scenarios = writeScenarios();
  kam = await startKamailio();
  a = await startKeysPhone({
    kam,
    slot: 7,
    user: '1001',
    keysXml: KEYS,
    settings: { 'call.pickupCode': '**', 'account.1.voicemailNumber': '1008' },
  });
});

afterAll(async () => {
  await a?.stop();
  await stopAllLab();
  scenarios?.remove();
});

/** A SIPp callee reachable through Kamailio as `user`. */
async function callee(user: string, scenario: string, calls = 1): Promise<SippProcess> {
  const uas = await startSipp({ scenario, calls, timeoutMs: 30_000 });
  await bindUser(kam, user, uas.localPort);
  return uas;
}

/**
 * Talk a moment, then hang up. The moment matters: Kamailio's workers may pass a
 * BYE sent at once before the ACK it follows, and SIPp takes that as an error.
 */
async function hangupWhenConnected(id: string, phone = a.phone): Promise<void> {
  await waitForCall(phone, (c) => c.id === id && c.state === 'connected', 5000);
  await sleep(TALK_MS);
  await phone.hangup(id);
  await waitForCall(phone, (c) => c.id === id && c.state === 'ended', 5000);
}

const TALK_MS = 300;

describe('keys and services against Kamailio, baresip and SIPp', () => {
  it('BLF: the lamp follows a call between two baresips; pressed while ringing it dials the pickup code', async () => {
    const [b1006, b1009] = await Promise.all([
      startBaresip({ user: '1006', registrar: kam }),
      startBaresip({ user: '1009', registrar: kam, answerMode: 'manual' }),
    ]);
    const lamp = () => a.phone.status().keys?.find((k) => k.id === '1')?.lamp;
    const lineKeyLamp = () => a.phone.status().keys?.find((k) => k.id === 'l3' && k.lineKey)?.lamp;
    await waitFor(() => lamp() === 'idle', 5000, 'BLF lamp idle');
    await waitFor(() => lineKeyLamp() === 'idle', 5000, 'line key 3 (BLF) lamp idle');
    // from idle on, every change of key 1 as the `key` events tell it
    const lamps: Array<KeyLamp | undefined> = ['idle'];
    a.phone.events.on('key', (k: ProgrammableKeyStatus) => k.id === '1' && lamps.push(k.lamp));

    await b1006.ctrl.dial('sip:1009@127.0.0.1');
    await b1009.ctrl.waitEvent('CALL_INCOMING', 5000);
    await waitFor(() => lamp() === 'ringing', 5000, 'BLF lamp ringing');
    expect(lineKeyLamp()).toBe('ringing');
    const press = await a.phone.pressProgrammableKey('1');
    expect(press.action).toBe('pickup');
    const pickup = await waitForCall(a.phone, (c) => c.id === press.callId && c.state === 'ended', 5000);
    expect(pickup.remote).toBe('sip:**1009@127.0.0.1');
    expect(pickup.endReason).toMatch(/404/);

    await b1009.ctrl.accept();
    await b1009.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    await waitFor(() => lamp() === 'busy', 5000, 'BLF lamp busy');
    expect(lineKeyLamp()).toBe('busy');
    await b1006.ctrl.hangup();
    await b1009.ctrl.waitEvent('CALL_CLOSED', 5000);
    await waitFor(() => lamp() === 'idle', 5000, 'BLF lamp idle again');
    expect(lamps).toEqual(['idle', 'ringing', 'busy', 'idle']);
    expect(lineKeyLamp()).toBe('idle');
    await Promise.all([b1006.stop(), b1009.stop()]);
  });

  it('MWI: a PUBLISHed summary lights line 1; the Message key dials voice mail (SIPp as 1008)', async () => {
    const mwi: Array<{ line: number; waiting: boolean; new: number }> = [];
    a.phone.events.on('mwi', (e) => mwi.push({ line: e.line, waiting: e.waiting, new: e.new }));
    const pub = await runSipp({
      scenario: 'mwi-publish',
      target: kam.udp,
      keys: { user: '1010', target: '1001', waiting: 'yes', new: 2, old: 0 },
      auth: { user: '1010', password: kam.passwordOf('1010') },
    });
    expect(pub.code, pub.errors || pub.stderr).toBe(0);
    await waitFor(() => a.phone.status().lines[0]?.messages?.waiting, 5000, 'message waiting on line 1');
    expect(a.phone.status().lines[0]!.messages).toMatchObject({ waiting: true, new: 2, old: 0 });
    expect(mwi).toContainEqual({ line: 1, waiting: true, new: 2 });

    const vm = await callee('1008', scenarios.answer);
    const { id } = await a.phone.dialVoicemail();
    await hangupWhenConnected(id);
    const r = await vm.wait();
    expect(r.code, r.errors).toBe(0);
    expect(receivedRequests(r.messages, 'INVITE')[0]).toMatch(/^INVITE sip:1008@127\.0\.0\.1[:;> ]/);
  });

  it('speed dial, speed dial prefix and intercom keys INVITE 1005; the intercom one asks for auto-answer', async () => {
    const uas = await callee('1005', scenarios.answer, 3);
    const speed = await a.phone.pressProgrammableKey('2');
    await hangupWhenConnected(speed.callId!);
    expect(await a.phone.pressProgrammableKey('3')).toEqual({ key: '3', action: 'predial' });
    const typed = await a.phone.predial('05#');
    await hangupWhenConnected(typed.callId!);
    const intercom = await a.phone.pressProgrammableKey('5');
    await hangupWhenConnected(intercom.callId!);
    const r = await uas.wait();
    expect(r.code, r.errors).toBe(0);
    const invites = receivedRequests(r.messages, 'INVITE');
    expect(invites).toHaveLength(3);
    for (const inv of invites) expect(inv).toMatch(/^INVITE sip:1005@127\.0\.0\.1/);
    expect(invites[0]).not.toMatch(/answer-after|alert-autoanswer/);
    expect(invites[2]).toMatch(/\nAlert-Info: <sip:127\.0\.0\.1>;info=alert-autoanswer\r?\n/);
    expect(invites[2]).toMatch(/\nCall-Info: <sip:127\.0\.0\.1>;answer-after=0\r?\n/);
  });

  it('the DTMF key sends its digits to baresip in the call', async () => {
    const b1002 = await startBaresip({ user: '1002', registrar: kam, answerMode: 'auto' });
    const { id } = await a.phone.dial('1002');
    await waitForCall(a.phone, (c) => c.id === id && c.state === 'connected', 5000);
    expect(await a.phone.pressProgrammableKey('4')).toEqual({ key: '4', action: 'dtmf', callId: id });
    const digits: string[] = [];
    for (let i = 0; i < 3; i++) digits.push((await b1002.ctrl.waitEvent('CALL_DTMF_START', 3000)).param ?? '?');
    expect(digits).toEqual(['*', '5', '#']);
    await a.phone.hangup(id);
    await b1002.stop();
  });

  it('the park key REFERs the connected call to the park number and ends our leg', async () => {
    const uas = await callee('1004', scenarios.park);
    const { id } = await a.phone.dial('1004');
    await waitForCall(a.phone, (c) => c.id === id && c.state === 'connected', 5000);
    // as before a BYE (hangupWhenConnected): Kamailio's workers may pass a REFER sent at
    // once ahead of the ACK it follows, and SIPp aborts the call on the late ACK
    await sleep(TALK_MS);
    expect(await a.phone.pressProgrammableKey('6')).toEqual({ key: '6', action: 'parked', callId: id });
    await waitForCall(a.phone, (c) => c.id === id && c.state === 'ended', 5000);
    const r = await uas.wait();
    expect(r.code, r.errors).toBe(0);
    const refer = receivedRequests(r.messages, 'REFER')[0]!;
    expect(refer).toMatch(/\nRefer-To: <?sip:700@127\.0\.0\.1>?\r?\n/);
    expect(refer).toMatch(/\nReferred-By: <?sip:1001@127\.0\.0\.1/);
  });

  it('pickup codes, dial plan rules and the Pound Send Method: "**" + extension, a stripped 8 and "#28#" codes go straight to SIPp by IP', async () => {
    // A second phone, peer-to-peer (no server): the dial plan's IP rules are how it
    // reaches numbers (in the lab every address is 127.0.0.1, also the PBX's host).
    const b = await startKeysPhone({ kam, slot: 8, user: '1011', peerToPeer: true, settings: { 'call.pickupCode': '**' } });
    const uas = await startSipp({ scenario: scenarios.answer, calls: 4, timeoutMs: 30_000 });
    try {
      b.phone.setDialPlan([
        { id: 1, prefix: '**', ip: `127.0.0.1:${uas.localPort}` },
        { id: 2, prefix: '8', ip: `127.0.0.1:${uas.localPort}`, remove: { position: 0, count: 1 } },
      ]);
      const picked = await b.phone.pickup({ target: '1009' });
      await hangupWhenConnected(picked.id, b.phone);
      const stripped = await b.phone.dial('8123');
      await hangupWhenConnected(stripped.id, b.phone);
      // Pound Send Method: a code with '#' goes as %23 (the default), or raw '#' when set so
      const sippAt = `@127.0.0.1:${uas.localPort}`;
      await hangupWhenConnected((await b.phone.dial(`#28#123${sippAt}`)).id, b.phone);
      b.settings.setMany({ 'call.poundSendMethod': 'hash' });
      await hangupWhenConnected((await b.phone.dial(`#28#123${sippAt}`)).id, b.phone);
    } finally {
      await b.stop();
    }
    const r = await uas.wait();
    expect(r.code, r.errors).toBe(0);
    const invites = receivedRequests(r.messages, 'INVITE');
    expect(invites[0]).toMatch(new RegExp(`^INVITE sip:\\*\\*1009@127\\.0\\.0\\.1:${uas.localPort} SIP`));
    expect(invites[1]).toMatch(new RegExp(`^INVITE sip:123@127\\.0\\.0\\.1:${uas.localPort} SIP`));
    expect(invites[2]).toMatch(new RegExp(`^INVITE sip:%2328%23123@127\\.0\\.0\\.1:${uas.localPort} SIP`));
    expect(invites[3]).toMatch(new RegExp(`^INVITE sip:#28#123@127\\.0\\.0\\.1:${uas.localPort} SIP`));
    // straight from the phone: its own Via is the only one (no Kamailio hop)
    for (const inv of invites) expect(inv.match(/\nVia: /g)).toHaveLength(1);
    for (const inv of invites) expect(inv).not.toMatch(/:25060/);
  });

  it('hotline: off-hook dials the hot number at once, or after the delay', async () => {
    const uas = await callee('1003', scenarios.answer, 2);
    a.settings.setMany({ 'call.hotline.mode': 'immediate', 'call.hotline.number': '1003' });
    const t0 = Date.now();
    const up = await a.phone.offHook();
    expect(up.action).toBe('hotline');
    const placed = await waitForCall(a.phone, (c) => c.id === up.callId, 5000);
    const immediateMs = placed.startedAt - t0;
    expect(immediateMs).toBeLessThan(500);
    await waitForCall(a.phone, (c) => c.id === up.callId && c.state === 'connected', 5000);
    await sleep(TALK_MS);
    expect((await a.phone.onHook()).action).toBe('hung-up');

    a.settings.setMany({ 'call.hotline.mode': 'delay', 'call.hotline.delay': 1 });
    const t1 = Date.now();
    expect((await a.phone.offHook()).action).toBe('dial-tone');
    const out = await waitForCall(a.phone, (c) => c.direction === 'outgoing' && c.startedAt >= t1, 5000);
    const after = Date.now() - t1;
    expect(after).toBeGreaterThanOrEqual(950);
    expect(after).toBeLessThan(2000);
    await waitForCall(a.phone, (c) => c.id === out.id && c.state === 'connected', 5000);
    await sleep(TALK_MS);
    await a.phone.onHook();
    a.settings.setMany({ 'call.hotline.mode': 'off' });
    const r = await uas.wait();
    expect(r.code, r.errors).toBe(0);
    expect(receivedRequests(r.messages, 'INVITE')).toHaveLength(2);
    console.log(`hotline: immediate call placed ${immediateMs} ms after off-hook; delayed (1 s) after ${after} ms`);
  });

  it('called-no-answer time: a call nobody answers is cancelled after 5 s', async () => {
    const uas = await callee('1007', scenarios.ringing);
    a.settings.setMany({ 'call.noAnswerTimeoutEnabled': true, 'call.noAnswerTimeout': 5 });
    try {
      const t0 = Date.now();
      const { id } = await a.phone.dial('1007');
      await waitForCall(a.phone, (c) => c.id === id && c.state === 'ringing', 5000).catch(async (err: unknown) => {
        const r = await uas.stop();
        throw new Error(`${String(err)}\nSIPp: ${r.errors}\n${r.stderr}`);
      });
      const ended = await waitForCall(a.phone, (c) => c.id === id && c.state === 'ended', 10_000).catch(async (err: unknown) => {
        const r = await uas.stop();
        throw new Error(`${String(err)}\nSIPp saw:\n${r.messages.slice(-3000)}\n${r.errors}`);
      });
      const took = Date.now() - t0;
      expect(took).toBeGreaterThanOrEqual(4900);
      expect(took).toBeLessThan(6500);
      expect(ended.answeredAt).toBeUndefined();
      const r = await uas.wait();
      expect(r.code, r.errors).toBe(0);
      expect(receivedRequests(r.messages, 'CANCEL')).toHaveLength(1);
      console.log(`called-no-answer: cancelled after ${took} ms (setting 5 s)`);
    } finally {
      a.settings.setMany({ 'call.noAnswerTimeoutEnabled': false });
    }
  });
});
