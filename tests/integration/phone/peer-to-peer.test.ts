/**
 * Two Sayhi phones call each other directly by IP, no PBX (the manual's
 * peer-to-peer mode). Proves, over real UDP on 127.0.0.1:
 *  - A dials B's address; B rings, answers; both are connected with PCMU;
 *  - the tone each side plays is heard by the other (Goertzel on the recordings);
 *  - DTMF digits sent with RFC 4733 and with SIP INFO arrive on the other side;
 *  - hang-up from the callee ends the call on both sides;
 *  - cancel while ringing, and reject with 486, end the call with those reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/base/index.js';
import type { DtmfEvent } from '../../../src/phone/index.js';
import { startTestPhone, toneShare, waitFor, waitForCall, type TestPhone } from './helpers.js';

let a: TestPhone;
let b: TestPhone;

beforeAll(async () => {
  a = await startTestPhone({ sipPort: 25410, rtpBase: 28000, toneHz: 440 });
  b = await startTestPhone({ sipPort: 25420, rtpBase: 28100, toneHz: 700, tweak: (c) => (c.accounts[0]!.dtmfMode = 'sip-info') });
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

describe('peer-to-peer calls by IP', () => {
  it('connects, carries audio both ways, and passes DTMF by RFC 4733 and SIP INFO', async () => {
    const { id } = await a.phone.dial('127.0.0.1:25420');
    const incoming = await waitForCall(b.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    expect(incoming.remote).toContain('127.0.0.1');
    await waitForCall(a.phone, (c) => c.id === id && c.state === 'ringing');
    await b.phone.answer(incoming.id);
    const up = await waitForCall(a.phone, (c) => c.id === id && c.state === 'connected');
    expect(up.codec).toBe('PCMU');
    await waitForCall(b.phone, (c) => c.id === incoming.id && c.state === 'connected');

    const atB: DtmfEvent[] = [];
    const atA: DtmfEvent[] = [];
    b.phone.events.on('dtmf', (e) => atB.push(e));
    a.phone.events.on('dtmf', (e) => atA.push(e));
    await sleep(1500);
    await a.phone.sendDtmf(id, '159#');
    await b.phone.sendDtmf(incoming.id, '42');
    await waitFor(() => atB.length >= 4 && atA.length >= 2, 5000, 'DTMF digits');
    expect(atB.map((e) => e.digit).join('')).toBe('159#');
    expect(atB.every((e) => e.method === 'rfc4733')).toBe(true);
    expect(atA.map((e) => e.digit).join('')).toBe('42');
    expect(atA.every((e) => e.method === 'sip-info')).toBe(true);

    await b.phone.hangup(incoming.id);
    const ended = await waitForCall(a.phone, (c) => c.id === id && c.state === 'ended');
    expect(ended.endReason).toBe('remote hangup');
    await waitForCall(b.phone, (c) => c.id === incoming.id && c.state === 'ended');

    expect(toneShare(b.recordPath, 440)).toBeGreaterThan(0.5);
    expect(toneShare(b.recordPath, 700)).toBeLessThan(0.1);
    expect(toneShare(a.recordPath, 700)).toBeGreaterThan(0.5);
    expect(toneShare(a.recordPath, 440)).toBeLessThan(0.1);
  });

  it('cancel while ringing ends both sides', async () => {
    const { id } = await a.phone.dial('sip:b@127.0.0.1:25420');
    const incoming = await waitForCall(b.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    await a.phone.hangup(id);
    expect((await waitForCall(a.phone, (c) => c.id === id && c.state === 'ended')).endReason).toBe('cancelled');
    expect((await waitForCall(b.phone, (c) => c.id === incoming.id && c.state === 'ended')).endReason).toBe('cancelled by caller');
  });

  it('reject with 486 tells the caller busy', async () => {
    const { id } = await a.phone.dial('127*0*0*1*25420');
    const incoming = await waitForCall(b.phone, (c) => c.direction === 'incoming' && c.state === 'ringing');
    await b.phone.reject(incoming.id, 486);
    expect((await waitForCall(a.phone, (c) => c.id === id && c.state === 'ended')).endReason).toBe('486 Busy Here');
  });
});
