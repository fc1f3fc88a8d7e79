/**
 * Call transfer between Sayhi phones in simulated time (call-bench.ts): each
 * phone plays one role in turn - transferor (REFER, RFC 3515; blind RFC 5589
 * §6, attended §7), transferee (accepts the REFER, places the call, reports
 * it in sipfrag NOTIFYs) and transfer target (an INVITE with Replaces, RFC
 * 3891, is answered at once and ends the replaced call). Proves the call
 * states and `transfer` progress each phone shows, that the right calls end,
 * and by audio content that the transferee and the target hear each other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallTransferInfo } from '../../../src/phone/index.js';
import { CallBench, type BenchPhone } from './call-bench.js';

let bench: CallBench;
afterEach(async () => bench?.stop());

async function threePhones(): Promise<[BenchPhone, BenchPhone, BenchPhone]> {
  bench = new CallBench();
  return [await bench.phone('alice', { toneHz: 440 }), await bench.phone('bob', { toneHz: 700 }), await bench.phone('carol', { toneHz: 1000 })];
}

/** Every transfer state a phone showed for a call, in order (repeats removed). */
function transferLog(p: BenchPhone, callId: string): Array<CallTransferInfo['state']> {
  const log: Array<CallTransferInfo['state']> = [];
  p.phone.events.on('call', (c) => {
    if (c.id === callId && c.transfer && c.transfer.state !== log.at(-1)) log.push(c.transfer.state);
  });
  return log;
}

/** SIP responses with `status` a phone has sent so far (UDP, first transmissions and retransmissions). */
function responsesSent(p: BenchPhone, status: number): number {
  const sock = bench.net.udp.get(`127.0.0.1:${p.sipPort}`);
  return (sock?.sent ?? []).filter((d) => d.data.toString('latin1').startsWith(`SIP/2.0 ${status} `)).length;
}

/** B and C hear each other's tones (and not the transferor's) over the last second. */
async function expectTalking(b: BenchPhone, c: BenchPhone, notHz: number): Promise<void> {
  await bench.run(1500);
  const now = bench.clock.now();
  expect(b.handset.share(c.handset.toneHz, now - 1000, now)).toBeGreaterThan(0.8);
  expect(c.handset.share(b.handset.toneHz, now - 1000, now)).toBeGreaterThan(0.8);
  expect(b.handset.share(notHz, now - 1000, now)).toBeLessThan(0.05);
}

describe('transfer between Sayhi phones (simulated time)', () => {
  it('blind: A transfers B to C; B calls C, reports progress; A hangs up on success', async () => {
    const [a, b, c] = await threePhones();
    const ab = await bench.connect(a, b);
    const log = transferLog(a, ab.atA);
    const r = await a.phone.transfer(ab.atA, { to: c.aor });
    expect(r).toEqual({ ok: true });
    // the transferee's call to C rings at C (a blind transfer is an ordinary call for the target)
    const atC = await bench.waitCall(c, (x) => x.state === 'ringing' && x.remote.includes('bob'));
    await bench.waitCall(a, (x) => x.id === ab.atA && x.transfer?.state === 'ringing');
    await bench.run(500);
    await c.phone.answer(atC.id);
    const ended = await bench.waitCall(a, (x) => x.id === ab.atA && x.state === 'ended');
    expect(ended.transfer).toMatchObject({ role: 'transferor', state: 'succeeded', status: 200, target: `sip:${c.aor}` });
    expect(log).toEqual(['trying', 'ringing', 'succeeded']);
    expect(ended.endReason).toBe('local hangup');
    // the transferee shows its side: the old call ended, the new one is up
    const old = await bench.waitCall(b, (x) => x.id === ab.atB && x.state === 'ended');
    expect(old.transfer).toMatchObject({ role: 'transferee', state: 'succeeded', target: `sip:${c.aor}` });
    const next = b.phone.calls().find((x) => x.id === old.transfer?.newCall);
    expect(next?.state).toBe('connected');
    await expectTalking(b, c, a.handset.toneHz);
  });

  it('attended: A consults C (B held), transfers B to C with Replaces; C takes B without ringing, both of A calls end', async () => {
    const [a, b, c] = await threePhones();
    const ab = await bench.connect(a, b);
    // dialing C holds B (line switching)
    const ac = await bench.connect(a, c);
    expect(bench.state(a, ab.atA)?.state).toBe('held');
    await bench.run(500);
    const ringsBefore = responsesSent(c, 180);
    expect(await a.phone.transfer(ab.atA, { withCall: ac.atA })).toEqual({ ok: true });
    const first = await bench.waitCall(a, (x) => x.id === ab.atA && x.state === 'ended');
    expect(first.transfer).toMatchObject({ role: 'transferor', state: 'succeeded', withCall: ac.atA });
    await bench.waitCall(a, (x) => x.id === ac.atA && x.state === 'ended');
    // at C: the consultation call was replaced by B's call, which never rang
    await bench.waitCall(c, (x) => x.id === ac.atB && x.state === 'ended');
    const fromB = c.phone.calls().find((x) => x.remote.includes('bob'));
    expect(fromB?.state).toBe('connected');
    expect(responsesSent(c, 180)).toBe(ringsBefore);
    await bench.waitCall(b, (x) => x.id === ab.atB && x.state === 'ended', 5000);
    await expectTalking(b, c, a.handset.toneHz);
    expect(a.phone.calls().every((x) => x.state === 'ended')).toBe(true);
  });

  it('blind to a held line: A talks to C with B held and sends C to B (REFER with Replaces naming A-B)', async () => {
    const [a, b, c] = await threePhones();
    const ab = await bench.connect(a, b);
    const ac = await bench.connect(a, c);
    expect(bench.state(a, ab.atA)?.state).toBe('held');
    expect(await a.phone.transfer(ac.atA, { withCall: ab.atA })).toEqual({ ok: true });
    await bench.waitCall(a, (x) => x.id === ac.atA && x.state === 'ended');
    await bench.waitCall(a, (x) => x.id === ab.atA && x.state === 'ended');
    await bench.waitCall(b, (x) => x.remote.includes('carol') && x.state === 'connected');
    await expectTalking(c, b, a.handset.toneHz);
  });

  it('a failed transfer (the target refuses) leaves the transferor with its held call', async () => {
    const [a, b, c] = await threePhones();
    const ab = await bench.connect(a, b);
    expect(await a.phone.transfer(ab.atA, { to: c.aor })).toEqual({ ok: true });
    const atC = await bench.waitCall(c, (x) => x.state === 'ringing');
    await c.phone.reject(atC.id, 486);
    const failed = await bench.waitCall(a, (x) => x.id === ab.atA && x.transfer?.state === 'failed');
    expect(failed).toMatchObject({ state: 'held', transfer: { status: 486 } });
    await bench.run(3000);
    expect(bench.state(a, ab.atA)?.state).toBe('held');
    expect(bench.state(b, ab.atB)?.state).toBe('connected');
    expect(bench.state(b, ab.atB)?.transfer).toMatchObject({ role: 'transferee', state: 'failed', status: 486 });
    // the user takes the call back
    expect(await a.phone.resume(ab.atA)).toBe(true);
    await bench.run(1000);
    const now = bench.clock.now();
    expect(a.handset.share(b.handset.toneHz, now - 500, now)).toBeGreaterThan(0.8);
  });

  it('refuses what cannot be transferred: unknown consult call, itself, a ringing call, a second transfer at once', async () => {
    const [a, b, c] = await threePhones();
    const ab = await bench.connect(a, b);
    await expect(a.phone.transfer(ab.atA, { withCall: 'nope' })).rejects.toThrow(/no call nope/);
    await expect(a.phone.transfer(ab.atA, { withCall: ab.atA })).rejects.toThrow(/itself/);
    await expect(a.phone.transfer(ab.atA, { to: 'not a target' })).rejects.toThrow();
    const { id } = await a.phone.dial(c.aor);
    await bench.waitCall(c, (x) => x.state === 'ringing');
    await expect(a.phone.transfer(id, { to: b.aor })).rejects.toThrow(/not connected or held/);
    await a.phone.hangup(id);
    await bench.run(200);
    expect(await a.phone.transfer(ab.atA, { to: c.aor })).toEqual({ ok: true });
    await expect(a.phone.transfer(ab.atA, { to: c.aor })).rejects.toThrow(/being transferred/);
  });
});
