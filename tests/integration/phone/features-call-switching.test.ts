/**
 * In-call features against real peers on 127.0.0.1: line switching and
 * in-band DTMF with baresip 1.0 through Kamailio, the session timer with SIPp.
 * Sayhi 1001 (440 Hz, DTMF mode "Inband"), baresip 1002 (700 Hz) and 1003
 * (1000 Hz). Proves:
 *  - line switching: 1002 calls Sayhi and is answered; 1003 calls and Sayhi
 *    answers it too: 1002 is put on hold first (baresip gets the re-INVITE
 *    offer) and the handset moves to 1003 (Sayhi hears 1000 Hz, not 700;
 *    1003 hears 440). Resuming 1002 holds 1003 and brings the handset back.
 *    By baresip 1002's RTP counters Sayhi sent it nothing while it was held.
 *  - in-band DTMF: Sayhi's digits are tones in its G.711 audio - baresip has
 *    no in-band detector, so its decoded recording is run through ours; and
 *    baresip playing a WAV of DTMF tones (aufile) is detected by Sayhi as
 *    'inband' digits.
 *  - session timer from the settings (account.1.sessionTimer on, 90 s,
 *    refresher uac, set while the phone runs): SIPp as callee checks the
 *    INVITE's Session-Expires / Supported, answers with refresher=uas,
 *    refreshes by UPDATE itself and gets a 200 with Session-Expires. (Our own
 *    refresh at half the interval takes 45 s; the unit test
 *    tests/unit/phone/call-session-timer.test.ts shows it in simulated time.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import type { DtmfEvent } from '../../../src/phone/index.js';
import { labToneWav, startBaresip, startKamailio, startSipp, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { finishedCallPackets, nextCallPackets, toneShareIn } from './baresip-helpers.js';
import { dtmfIn, recentShare, startFeaturePhone, writeDtmfWav, type FeaturePhone } from './features-call-helpers.js';
import { waitFor, waitForCall } from './helpers.js';

const A_HZ = 440;
const B_HZ = 700;
const C_HZ = 1000;
/** G.711 at 20 ms per packet. */
const PACKETS_PER_SECOND = 50;

let kam: Kamailio;
let a: FeaturePhone;
let b: Baresip;
let c: Baresip;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sayhi-switching-'));
  kam = await startKamailio();
  [a, b, c] = await Promise.all([
    startFeaturePhone({ kam, slot: 6, user: '1001', toneHz: A_HZ, dtmfMode: 'inband', settings: { 'call.holdTone': false } }),
    labToneWav(B_HZ).then((wav) => startBaresip({ user: '1002', registrar: kam, audioSource: wav })),
    labToneWav(C_HZ).then((wav) => startBaresip({ user: '1003', registrar: kam, audioSource: wav })),
  ]);
});

afterAll(async () => {
  await a?.stop();
  await stopAllLab();
  rmSync(dir, { recursive: true, force: true });
});

describe('in-call features against real peers', () => {
  it('line switching: answering a second call holds the first; resume switches back; the handset follows', async () => {
    b.ctrl.clearEvents();
    c.ctrl.clearEvents();
    const bStatsBefore = finishedCallPackets(b).length;
    await b.ctrl.dial('sip:1001@127.0.0.1');
    const fromB = await waitForCall(a.phone, (x) => x.remote.includes('1002') && x.state === 'ringing', 5000);
    await a.phone.answer(fromB.id);
    await b.ctrl.waitEvent('CALL_ESTABLISHED', 3000);
    const tUp = Date.now();
    await sleep(1600);
    expect(recentShare(a.recordPath, B_HZ)).toBeGreaterThan(0.6);

    await c.ctrl.dial('sip:1001@127.0.0.1');
    const fromC = await waitForCall(a.phone, (x) => x.remote.includes('1003') && x.state === 'ringing', 5000);
    await a.phone.answer(fromC.id);
    const tHeld = Date.now();
    expect(a.phone.calls().find((x) => x.id === fromB.id)?.state).toBe('held');
    await b.ctrl.waitEvent('CALL_REMOTE_SDP', 2000, (e) => e.param === 'offer');
    await c.ctrl.waitEvent('CALL_ESTABLISHED', 3000);
    await sleep(1600);
    expect(recentShare(a.recordPath, C_HZ)).toBeGreaterThan(0.6);
    expect(recentShare(a.recordPath, B_HZ)).toBeLessThan(0.05);

    expect(await a.phone.resume(fromB.id)).toBe(true);
    const tResumed = Date.now();
    expect(a.phone.calls().find((x) => x.id === fromC.id)?.state).toBe('held');
    await b.ctrl.waitEvent('CALL_REMOTE_SDP', 2000, (e) => e.param === 'offer');
    await sleep(1600);
    expect(recentShare(a.recordPath, B_HZ)).toBeGreaterThan(0.6);
    expect(recentShare(a.recordPath, C_HZ)).toBeLessThan(0.05);

    await a.phone.hangup(fromB.id);
    const tDown = Date.now();
    await a.phone.hangup(fromC.id);
    await b.ctrl.waitEvent('CALL_CLOSED', 3000);
    await c.ctrl.waitEvent('CALL_CLOSED', 3000);
    // 1003 heard Sayhi while it talked to it (its recording stops at the hold re-INVITE)
    const cHeard = await c.waitRecording('dec');
    expect(toneShareIn(cHeard, A_HZ, 0.3, 1.2)).toBeGreaterThan(0.6);
    // 1002 received RTP only while it was not held
    const { received } = await nextCallPackets(b, bStatsBefore);
    const talking = (tHeld - tUp + (tDown - tResumed)) / 1000;
    const held = (tResumed - tHeld) / 1000;
    console.log(`line switching: 1002 talking ${talking.toFixed(2)} s, held ${held.toFixed(2)} s, received ${received} packets`);
    expect(received).toBeGreaterThan((talking - 0.5) * PACKETS_PER_SECOND);
    expect(received).toBeLessThan((talking + 0.5) * PACKETS_PER_SECOND);
  });

  it('in-band DTMF: Sayhi sends tones baresip decodes (our detector on its recording); baresip plays tones Sayhi detects', async () => {
    b.ctrl.clearEvents();
    const atA: DtmfEvent[] = [];
    const off = a.phone.events.on('dtmf', (e) => atA.push(e));
    const { id } = await a.phone.dial('1002');
    await waitForCall(a.phone, (x) => x.id === id && x.state === 'connected', 5000);
    await b.ctrl.waitEvent('CALL_ESTABLISHED', 3000);
    await sleep(500);
    await a.phone.sendDtmf(id, '159#');
    await sleep(1200);
    // no RFC 4733 event went out: baresip reports none
    await expect(b.ctrl.waitEvent('CALL_DTMF_START', 100)).rejects.toThrow();

    await b.ctrl.ausrc('aufile', writeDtmfWav(dir, '2580', 0.3, 30));
    await waitFor(() => atA.length >= 4, 4000, 'in-band digits from baresip');
    off();
    expect(atA.map((e) => e.digit).join('')).toBe('2580');
    expect(atA.every((e) => e.method === 'inband' && e.callId === id)).toBe(true);
    await a.phone.hangup(id);
    await b.ctrl.waitEvent('CALL_CLOSED', 3000);
    expect(dtmfIn(await b.waitRecording('dec'))).toBe('159#');
  });

  it('session timer from the settings: SIPp sees Session-Expires 90 in the INVITE and refreshes by UPDATE', async () => {
    const p2p = await startFeaturePhone({ slot: 7, user: 'sayhi', toneHz: A_HZ });
    try {
      // set while the phone runs: the next call uses it
      p2p.settings.setMany({ 'account.1.sessionTimer': true, 'account.1.sessionExpires': 90, 'account.1.sessionRefresher': 'uac' });
      const sipp = await startSipp({ scenario: writeSessionTimerScenario(dir), timeoutMs: 15_000 });
      const { id } = await p2p.phone.dial(`sipp@127.0.0.1:${sipp.localPort}`);
      await waitForCall(p2p.phone, (x) => x.id === id && x.state === 'connected', 5000).catch(async (e) => {
        const r = await sipp.stop();
        console.log('SIPP', r.messages, r.errors, r.stderr);
        throw e;
      });
      await sleep(1200);
      expect(p2p.phone.calls().find((x) => x.id === id)?.state).toBe('connected');
      await p2p.phone.hangup(id);
      const r = await sipp.wait();
      expect(r.code, r.errors || r.stderr).toBe(0);
      expect(r.messages).toMatch(/^UPDATE /m);
    } finally {
      await p2p.stop();
    }
  });
});

/**
 * SIPp as the callee of a session-timer call: the INVITE must ask for
 * Session-Expires 90 with refresher=uac and say Supported: timer (check_it
 * fails the call otherwise); the 200 makes SIPp the refresher (refresher=uas,
 * RFC 4028 §9); SIPp refreshes at once by UPDATE without SDP and expects a 200
 * that carries Session-Expires (§10); then it waits for the caller's BYE.
 */
function writeSessionTimerScenario(to: string): string {
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="session timer callee">
  <recv request="INVITE" rrs="true">
    <action>
      <ereg regexp="^ *90 *; *refresher=uac" search_in="hdr" header="Session-Expires:" check_it="true" assign_to="se"/>
      <ereg regexp="timer" search_in="hdr" header="Supported:" check_it="true" assign_to="sup"/>
      <ereg regexp=";tag=([^;> ]+)" search_in="hdr" header="From:" assign_to="ftagall,ftag"/>
    </action>
  </recv>
  <send>
    <![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:sipp@[local_ip]:[local_port]>
Allow: INVITE, ACK, BYE, UPDATE
Require: timer
Session-Expires: 90;refresher=uas
Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
    ]]>
  </send>
  <recv request="ACK"/>
  <pause milliseconds="300"/>
  <send retrans="500">
    <![CDATA[
UPDATE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
To: <sip:sayhi@127.0.0.1>;tag=[$ftag]
Call-ID: [call_id]
CSeq: 1 UPDATE
Contact: <sip:sipp@[local_ip]:[local_port]>
Max-Forwards: 70
Supported: timer
Session-Expires: 90;refresher=uas
Content-Length: 0

    ]]>
  </send>
  <recv response="200">
    <action>
      <ereg regexp="^ *90" search_in="hdr" header="Session-Expires:" check_it="true" assign_to="se2"/>
    </action>
  </recv>
  <recv request="BYE"/>
  <send>
    <![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

    ]]>
  </send>
  <Reference variables="se,sup,se2,ftagall"/>
</scenario>
`;
  const path = join(to, 'session-timer-callee.xml');
  writeFileSync(path, xml, 'latin1');
  return path;
}
