/**
 * SIPp, an independent SIP implementation, against a Sayhi phone directly
 * (no PBX), over real UDP on 127.0.0.1. Proves:
 *  - SIPp as caller: INVITE with SDP makes the phone ring; the phone answers
 *    (answer() on the ringing event); SIPp ACKs and streams a 1000 Hz PCMU
 *    tone that ends up in the phone's earpiece recording; SIPp's BYE ends the
 *    call on the phone as "remote hangup"; SIPp exits 0.
 *  - SIPp as callee (-rtp_echo): the phone dials 127.0.0.1:<sipp port>, is
 *    answered, hears its own 440 Hz tone echoed back; the phone hangs up and
 *    SIPp, having seen the BYE, exits 0.
 *  - OPTIONS outside a dialog gets 200 with Allow listing the methods a phone
 *    must take (RFC 3261 §11.2).
 *  - Afterwards no dialog of these calls is left in the phone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import { startSipp, runSipp } from '../../lab/index.js';
import type { TestPhone } from './helpers.js';
import { toneShare, waitForCall } from './helpers.js';
import { autoAnswer, stackOf, startSlotPhone } from './sipp-helpers.js';

let phone: TestPhone | undefined;

afterEach(async () => {
  await phone?.stop();
  phone = undefined;
});

describe('SIPp and Sayhi, direct calls', () => {
  it('SIPp calls Sayhi: rings, is answered, streams a tone the phone records, hangs up with BYE', async () => {
    phone = await startSlotPhone(3, 440);
    const port = phone.phone.sipPorts.udp!;
    const auto = autoAnswer(phone.phone);
    const sipp = await startSipp({
      scenario: 'sayhi-uac-call',
      target: `127.0.0.1:${port}`,
      service: 'sayhi',
      toneHz: 1000,
      args: ['-d', '2000'],
    });
    const ringing = await waitForCall(phone.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    expect(ringing.remote).toMatch(/^sip:sipp@127\.0\.0\.1:/);
    const up = await waitForCall(phone.phone, (c) => c.id === ringing.id && c.state === 'connected');
    expect(up.codec).toBe('PCMU');
    const ended = await waitForCall(phone.phone, (c) => c.id === ringing.id && c.state === 'ended', 15_000);
    expect(ended.endReason).toBe('remote hangup');
    const r = await sipp.wait();
    auto.off();
    expect(auto.errors).toEqual([]);
    expect(r.code, r.stderr + r.errors).toBe(0);
    expect(r.messages).toMatch(/SIP\/2\.0 180 Ringing/);
    // the tone SIPp streamed is what the phone's earpiece got
    expect(toneShare(phone.recordPath, 1000)).toBeGreaterThan(0.5);
    expect(toneShare(phone.recordPath, 440)).toBeLessThan(0.1);
    // the dialog is gone at once (transactions linger for their timers: sipp-retransmission checks they end)
    expect(stackOf(phone.phone).dialogs).toBe(0);
  });

  it('Sayhi calls SIPp: answered, hears its own tone echoed, hangs up; SIPp sees the BYE', async () => {
    phone = await startSlotPhone(3, 440);
    const sipp = await startSipp({ scenario: 'sayhi-uas-echo', args: ['-rtp_echo'] });
    await sleep(200); // SIPp binds its port after start; a lost first INVITE would only cost a T1
    const { id } = await phone.phone.dial(`127.0.0.1:${sipp.localPort}`);
    const rang = await waitForCall(phone.phone, (c) => c.id === id && (c.state === 'ringing' || c.state === 'connected'));
    expect(rang.direction).toBe('outgoing');
    const up = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'connected');
    expect(up.codec).toBe('PCMU');
    await sleep(1800);
    await phone.phone.hangup(id);
    const ended = await waitForCall(phone.phone, (c) => c.id === id && c.state === 'ended');
    expect(ended.endReason).toBe('local hangup');
    const r = await sipp.wait();
    expect(r.code, r.stderr + r.errors).toBe(0);
    expect(r.messages).toMatch(/^BYE sip:sipp@127\.0\.0\.1:\d+ SIP\/2\.0/m);
    expect(toneShare(phone.recordPath, 440)).toBeGreaterThan(0.5);
    expect(stackOf(phone.phone).dialogs).toBe(0);
  });

  it('answers OPTIONS with 200 and an Allow header', async () => {
    phone = await startSlotPhone(3, 440);
    const port = phone.phone.sipPorts.udp!;
    const r = await runSipp({ scenario: 'sayhi-options', target: `127.0.0.1:${port}`, service: 'sayhi', timeoutMs: 8000 });
    expect(r.code, r.stderr + r.errors).toBe(0);
    const allow = /^allow: (.*)$/m.exec(r.logs)?.[1] ?? '';
    for (const m of ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS']) expect(allow).toMatch(new RegExp(`\\b${m}\\b`));
    expect(r.messages).toMatch(/SIP\/2\.0 200 OK[\s\S]*Accept: application\/sdp/);
  });
});
