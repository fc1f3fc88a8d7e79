/**
 * RFC 3261 retransmissions between Sayhi and SIPp over lossy UDP: SIPp runs
 * with -lost 10, dropping 10 % of what it sends and of what it receives, so
 * each side must retransmit (Sayhi: INVITE on Timer A, BYE on Timer E, its
 * 2xx until the ACK per §13.3.1.4, the ACK again for a retransmitted 2xx per
 * §13.2.2.4; and answer SIPp's retransmissions from its server transactions).
 * Ten calls each way must all succeed, SIPp must have dropped something, and
 * afterwards no transaction or dialog may be left in the phone once the
 * 64*T1 timers have run (T1 = 100 ms here, RFC-like for a closed network).
 *
 * One case SIPp's random loss rarely hits is played by hand with a raw UDP
 * callee: its 200 is retransmitted (our ACK "lost") after the phone has hung
 * up and while its BYE waits for an answer. RFC 3261 §13.2.2.4: the UAC ACKs
 * every 2xx retransmission; the call must still end as a local hang-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import { startSipp } from '../../lab/index.js';
import { waitFor, waitForCall, type TestPhone } from './helpers.js';
import { autoAnswer, RawUdpPeer, retransmissionsReceivedBySipp, sippLostCount, stackOf, startSlotPhone, TEST_T1_MS, type RawReply } from './sipp-helpers.js';

const CALLS = 10;
let phone: TestPhone;
let lostTotal = 0;
let retransmittedBySayhi = 0;

beforeAll(async () => {
  phone = await startSlotPhone(4, 440);
});

afterAll(async () => {
  await phone?.stop();
});

describe('retransmissions with SIPp -lost 10', () => {
  it(`${CALLS} calls from SIPp to Sayhi all complete`, async () => {
    const auto = autoAnswer(phone.phone, 20);
    const ended: string[] = [];
    const off = phone.phone.events.on('call', (c) => {
      if (c.state === 'ended') ended.push(`${c.id} ${c.endReason}`);
    });
    const sipp = await startSipp({
      scenario: 'sayhi-uac-call',
      target: `127.0.0.1:${phone.phone.sipPorts.udp}`,
      service: 'sayhi',
      calls: CALLS,
      timeoutMs: 40_000,
      args: ['-lost', '10', '-d', '150', '-l', '1', '-r', '20'],
    });
    const r = await sipp.wait();
    auto.off();
    off();
    expect(r.code, r.stdout.slice(-3000) + r.errors).toBe(0);
    expect(auto.errors).toEqual([]);
    expect(auto.answered).toHaveLength(CALLS);
    await waitFor(() => ended.length >= CALLS, 5000, 'all calls to end on the phone');
    expect(ended.every((e) => e.endsWith('remote hangup')), ended.join('\n')).toBe(true);
    lostTotal += sippLostCount(r.messages);
    retransmittedBySayhi += retransmissionsReceivedBySipp(r.messages);
  });

  it(`${CALLS} calls from Sayhi to SIPp all complete`, async () => {
    const sipp = await startSipp({
      scenario: 'sayhi-uas-echo',
      calls: CALLS,
      timeoutMs: 40_000,
      args: ['-lost', '10', '-rtp_echo'],
    });
    await sleep(200);
    for (let i = 0; i < CALLS; i++) {
      const { id } = await phone.phone.dial(`127.0.0.1:${sipp.localPort}`);
      const up = await waitForCall(phone.phone, (c) => c.id === id && (c.state === 'connected' || c.state === 'ended'));
      expect(up.state, `call ${i}: ${up.endReason ?? ''}`).toBe('connected');
      await sleep(50);
      await phone.phone.hangup(id);
      const ended = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended');
      expect(ended.endReason).toBe('local hangup');
    }
    const r = await sipp.wait();
    expect(r.code, r.stdout.slice(-3000) + r.errors).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Successful call\\s*\\|\\s*\\d+\\s*\\|\\s*${CALLS}\\b`));
    lostTotal += sippLostCount(r.messages);
    retransmittedBySayhi += retransmissionsReceivedBySipp(r.messages);
  });

  it('a 2xx retransmitted while our BYE is pending is ACKed again, and the phone lives on', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const callee = await RawUdpPeer.open();
    try {
      const { id } = await phone.phone.dial(`127.0.0.1:${callee.port}`);
      const isRequest = (method: string) => (r: RawReply) => r.text.startsWith(`${method} `);
      const invite = await callee.waitReply(isRequest('INVITE'), 3000);
      expect(invite).toBeDefined();
      const ok = answer200(invite!.text, callee.port);
      await callee.send(ok, phone.phone.sipPorts.udp!);
      await waitForCall(phone.phone, (c) => c.id === id && c.state === 'connected');
      expect(await callee.waitReply(isRequest('ACK'), 2000)).toBeDefined();
      // hangup() resolves when the BYE is answered: keep it pending while the 200 comes again
      const hangingUp = phone.phone.hangup(id);
      const bye = await callee.waitReply(isRequest('BYE'), 2000);
      expect(bye).toBeDefined();
      // the callee never saw our ACK: it sends its 200 again (§13.3.1.4) before answering the BYE
      const acksBefore = callee.replies.filter(isRequest('ACK')).length;
      await callee.send(ok, phone.phone.sipPorts.udp!);
      await waitFor(() => callee.replies.filter(isRequest('ACK')).length > acksBefore, 2000, 'the ACK for the retransmitted 2xx');
      await callee.send(okFor(bye!.text), phone.phone.sipPorts.udp!);
      await hangingUp;
      const ended = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended');
      expect(ended.endReason).toBe('local hangup');
      await sleep(100);
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      callee.close();
    }
  });

  it('SIPp really dropped messages, Sayhi retransmitted, and no transaction or dialog is left', async () => {
    // ~280 messages at 10 %: P(no drop at all) is ~1e-13, P(no retransmission by Sayhi) far below 1e-6
    expect(lostTotal).toBeGreaterThan(0);
    expect(retransmittedBySayhi).toBeGreaterThan(0);
    await waitFor(() => stackOf(phone.phone).transactions === 0, 64 * TEST_T1_MS + 3000, 'transactions to end');
    expect(stackOf(phone.phone).dialogs).toBe(0);
    expect(stackOf(phone.phone).counters.handlerErrors).toBe(0);
  });
});

/** A 200 for a raw INVITE: its Via, From, Call-ID and CSeq, a To tag, our Contact, a PCMU answer. */
function answer200(invite: string, port: number): string {
  const sdp = ['v=0', 'o=raw 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
  return [
    'SIP/2.0 200 OK',
    ...headersOf(invite, /^(Via|v)\s*:/i),
    ...headersOf(invite, /^(From|f)\s*:/i),
    `${headersOf(invite, /^(To|t)\s*:/i)[0]};tag=rawcallee`,
    ...headersOf(invite, /^(Call-ID|i)\s*:/i),
    ...headersOf(invite, /^CSeq\s*:/i),
    `Contact: <sip:raw@127.0.0.1:${port}>`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
}

/** A 200 for a raw in-dialog request (no body). */
function okFor(request: string): string {
  return [
    'SIP/2.0 200 OK',
    ...headersOf(request, /^(Via|v)\s*:/i),
    ...headersOf(request, /^(From|f)\s*:/i),
    ...headersOf(request, /^(To|t)\s*:/i),
    ...headersOf(request, /^(Call-ID|i)\s*:/i),
    ...headersOf(request, /^CSeq\s*:/i),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function headersOf(message: string, name: RegExp): string[] {
  const head = message.split('\r\n\r\n', 1)[0]!;
  return head.split('\r\n').filter((l) => name.test(l));
}
