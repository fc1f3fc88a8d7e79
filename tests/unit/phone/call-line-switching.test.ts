/**
 * One handset, several calls (manual §4 "Using Hold and Resume (Switch Calling
 * Line)"), between Sayhi phones in simulated time (call-bench.ts). Proves:
 * answering or dialing while a call is connected holds that call first (the far
 * end gets a=sendonly, RFC 3264 §8.4), the handset follows the call the user
 * talks on and comes back on resume (audio by content), a held party hears
 * nothing of the handset, and the hold tone (call.holdTone / holdToneInterval)
 * beeps to the local user only while a call is held and the handset is idle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallBench, type BenchPhone } from './call-bench.js';

let bench: CallBench;
afterEach(async () => bench?.stop());

/** INVITEs (initial or re-) a phone sent whose SDP says `direction`. */
function invitesWith(p: BenchPhone, direction: string): number {
  const sock = bench.net.udp.get(`127.0.0.1:${p.sipPort}`);
  return (sock?.sent ?? []).filter((d) => {
    const text = d.data.toString('latin1');
    return text.startsWith('INVITE ') && text.includes(`a=${direction}\r\n`);
  }).length;
}

function lastSecond(p: BenchPhone, hz: number): number {
  const now = bench.clock.now();
  return p.handset.share(hz, now - 1000, now);
}

describe('line switching: one handset, many calls (simulated time)', () => {
  it('answering a second call holds the first; resuming the first holds the second; the handset follows', async () => {
    bench = new CallBench();
    const a = await bench.phone('alice', { toneHz: 440, settings: { 'call.holdTone': false } });
    const b = await bench.phone('bob', { toneHz: 700 });
    const c = await bench.phone('carol', { toneHz: 1000 });
    const ba = await bench.connect(b, a);
    await bench.run(1000);
    expect(lastSecond(a, 700)).toBeGreaterThan(0.8);

    // C calls A while A talks to B; A answers: B is put on hold first
    const { id: cId } = await c.phone.dial(a.aor);
    const ringing = await bench.waitCall(a, (x) => x.state === 'ringing');
    const sendonlyBefore = invitesWith(a, 'sendonly');
    await a.phone.answer(ringing.id);
    expect(invitesWith(a, 'sendonly')).toBe(sendonlyBefore + 1);
    expect(bench.state(a, ba.atB)?.state).toBe('held');
    await bench.waitCall(c, (x) => x.id === cId && x.state === 'connected');
    await bench.run(1500);
    expect(lastSecond(a, 1000)).toBeGreaterThan(0.8);
    expect(lastSecond(a, 700)).toBeLessThan(0.05);
    expect(lastSecond(c, 440)).toBeGreaterThan(0.8);
    // the held party hears nothing from A's handset
    let now = bench.clock.now();
    expect(b.handset.rms(now - 1000, now)).toBeLessThan(0.01);

    // resume B: C goes on hold, the handset comes back to B
    expect(await a.phone.resume(ba.atB)).toBe(true);
    expect(bench.state(a, ringing.id)?.state).toBe('held');
    await bench.run(1500);
    expect(lastSecond(a, 700)).toBeGreaterThan(0.8);
    expect(lastSecond(a, 1000)).toBeLessThan(0.05);
    expect(lastSecond(b, 440)).toBeGreaterThan(0.8);
    now = bench.clock.now();
    expect(c.handset.rms(now - 1000, now)).toBeLessThan(0.01);
  });

  it('dialing while a call is connected holds it; when the new call ends the held one stays held', async () => {
    bench = new CallBench();
    const a = await bench.phone('alice', { toneHz: 440, settings: { 'call.holdTone': false } });
    const b = await bench.phone('bob', { toneHz: 700 });
    const c = await bench.phone('carol', { toneHz: 1000 });
    const ab = await bench.connect(a, b);
    const ac = await bench.connect(a, c);
    expect(bench.state(a, ab.atA)?.state).toBe('held');
    await bench.run(1000);
    expect(lastSecond(a, 1000)).toBeGreaterThan(0.8);
    await c.phone.hangup(ac.atB);
    await bench.waitCall(a, (x) => x.id === ac.atA && x.state === 'ended');
    await bench.run(1000);
    // the manual: a held line is taken back by the user (resume), not by itself
    expect(bench.state(a, ab.atA)?.state).toBe('held');
    const now = bench.clock.now();
    expect(a.handset.rms(now - 900, now)).toBeLessThan(0.01);
  });

  it('hold tone: a beep (425 Hz) at hold and every interval while the handset is idle; none when it is off', async () => {
    bench = new CallBench();
    const a = await bench.phone('alice', { toneHz: 440, settings: { 'call.holdTone': true, 'call.holdToneInterval': 2 } });
    const b = await bench.phone('bob', { toneHz: 700 });
    const ab = await bench.connect(a, b);
    await bench.run(500);
    const t0 = bench.clock.now();
    expect(await a.phone.hold(ab.atA)).toBe(true);
    await bench.run(4500);
    // beeps of 200 ms at t0, t0+2 s, t0+4 s; silence between them
    const beeps = [0, 2000, 4000].map((at) => a.handset.share(425, t0 + at + 20, t0 + at + 180));
    for (const share of beeps) expect(share).toBeGreaterThan(0.8);
    expect(a.handset.rms(t0 + 400, t0 + 1900)).toBeLessThan(0.001);
    // the held party never hears it (nor anything else of A once the jitter buffer drained)
    expect(b.handset.rms(t0 + 300, t0 + 4500)).toBeLessThan(0.001);
    // resumed: the beeps stop, the far end is heard again
    expect(await a.phone.resume(ab.atA)).toBe(true);
    const t1 = bench.clock.now();
    await bench.run(3000);
    expect(a.handset.share(700, t1 + 1000, t1 + 3000)).toBeGreaterThan(0.8);
    expect(a.handset.share(425, t1 + 1000, t1 + 3000)).toBeLessThan(0.01);

    // setting off: nothing is played while held
    a.settings.set('call.holdTone', false);
    expect(await a.phone.hold(ab.atA)).toBe(true);
    const t2 = bench.clock.now();
    await bench.run(3000);
    expect(a.handset.samples(t2 + 100, t2 + 3000).length).toBe(0);
  });
});
