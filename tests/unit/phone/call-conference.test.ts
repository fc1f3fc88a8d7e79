/**
 * The local 3-way conference between Sayhi phones in simulated time
 * (call-bench.ts): A talks to B, dials C (B goes on hold), and joins the two
 * calls (B is resumed). Proves by audio content that each party hears the
 * other two and never itself (16 kHz mix-minus in A), the members listed in
 * each call's `conference`, the "Conference Exit Result" both ways (end-all;
 * keep-others: B and C stay connected to each other by an attended
 * transfer), a party leaving (the other call goes on with the handset), hold
 * of the whole conference, and the 3-way limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallBench, type BenchPhone } from './call-bench.js';

let bench: CallBench;
afterEach(async () => bench?.stop());

interface Conf {
  a: BenchPhone;
  b: BenchPhone;
  c: BenchPhone;
  ab: { atA: string; atB: string };
  ac: { atA: string; atB: string };
}

async function conference(exit: 'end-all' | 'keep-others' = 'end-all', extra: Record<string, unknown> = {}): Promise<Conf> {
  bench = new CallBench();
  const a = await bench.phone('alice', { toneHz: 440, settings: { 'call.conferenceExit': exit, ...extra } });
  const b = await bench.phone('bob', { toneHz: 700 });
  const c = await bench.phone('carol', { toneHz: 1000 });
  const ab = await bench.connect(a, b);
  const ac = await bench.connect(a, c);
  expect(bench.state(a, ab.atA)?.state).toBe('held');
  await a.phone.conference(ac.atA, ab.atA);
  return { a, b, c, ab, ac };
}

/** Over the last second each listed party hears `hears` and not `not` (its own tone). */
function expectHears(p: BenchPhone, hears: number[], not: number[]): void {
  const now = bench.clock.now();
  for (const hz of hears) expect(p.handset.share(hz, now - 1000, now), `${p.name} hears ${hz} Hz`).toBeGreaterThan(0.25);
  for (const hz of not) expect(p.handset.share(hz, now - 1000, now), `${p.name} does not hear ${hz} Hz`).toBeLessThan(0.05);
}

describe('3-way conference mixed in the phone (simulated time)', () => {
  it('from an active call with a held line: everyone hears the other two, never itself', async () => {
    const { a, b, c, ab, ac } = await conference();
    expect(bench.state(a, ab.atA)?.state).toBe('connected');
    expect(bench.state(a, ab.atA)?.conference).toEqual([ac.atA, ab.atA]);
    expect(bench.state(a, ac.atA)?.conference).toEqual([ac.atA, ab.atA]);
    await bench.run(1500);
    expectHears(a, [700, 1000], [440]);
    expectHears(b, [440, 1000], [700]);
    expectHears(c, [440, 700], [1000]);
  });

  it('exit "end-all": the originator hanging up ends both calls', async () => {
    const { a, b, c, ab, ac } = await conference('end-all');
    await bench.run(500);
    await a.phone.hangup(ab.atA);
    await bench.waitCall(b, (x) => x.id === ab.atB && x.state === 'ended');
    await bench.waitCall(c, (x) => x.id === ac.atB && x.state === 'ended');
    expect(a.phone.calls().every((x) => x.state === 'ended')).toBe(true);
  });

  it('exit "keep-others": B and C stay connected to each other (REFER with Replaces) and hear each other', async () => {
    const { a, b, c, ab, ac } = await conference('keep-others');
    await bench.run(500);
    await a.phone.hangup(ac.atA);
    await bench.waitCall(a, (x) => x.id === ab.atA && x.state === 'ended');
    await bench.waitCall(a, (x) => x.id === ac.atA && x.state === 'ended');
    // the first call of the conference (C's: the conference was started on it) was sent to B's party
    expect(bench.state(a, ac.atA)?.transfer).toMatchObject({ role: 'transferor', state: 'succeeded', withCall: ab.atA });
    await bench.waitCall(b, (x) => x.remote.includes('carol') && x.state === 'connected');
    await bench.waitCall(c, (x) => x.remote.includes('bob') && x.state === 'connected');
    await bench.run(1500);
    expectHears(b, [1000], [440]);
    expectHears(c, [700], [440]);
    // the originator left: its handset hears neither
    const now = bench.clock.now();
    expect(a.handset.rms(now - 1000, now)).toBeLessThan(0.01);
  });

  it('a party that hangs up leaves; the other call goes on as an ordinary call with the handset', async () => {
    const { a, b, c, ab, ac } = await conference();
    await bench.run(500);
    await b.phone.hangup(ab.atB);
    await bench.waitCall(a, (x) => x.id === ab.atA && x.state === 'ended');
    const left = await bench.waitCall(a, (x) => x.id === ac.atA && x.conference === undefined);
    expect(left.state).toBe('connected');
    // past the jitter buffer's few frames of the old mix
    await bench.run(1500);
    expectHears(a, [1000], [700]);
    expectHears(c, [440], [700]);
  });

  it('hold holds the whole conference; resume brings both parties back', async () => {
    const { a, b, c, ab, ac } = await conference('end-all', { 'call.holdTone': false });
    await bench.run(500);
    expect(await a.phone.hold(ab.atA)).toBe(true);
    expect(bench.state(a, ab.atA)?.state).toBe('held');
    expect(bench.state(a, ac.atA)?.state).toBe('held');
    await bench.run(1000);
    let now = bench.clock.now();
    // B and C are on hold: they hear nothing of the conference
    expect(b.handset.rms(now - 500, now)).toBeLessThan(0.01);
    expect(c.handset.rms(now - 500, now)).toBeLessThan(0.01);
    expect(await a.phone.resume(ac.atA)).toBe(true);
    expect(bench.state(a, ab.atA)?.state).toBe('connected');
    await bench.run(1500);
    now = bench.clock.now();
    expectHears(b, [440, 1000], [700]);
    expectHears(a, [700, 1000], [440]);
  });

  it('three far ends are one too many, and a ringing call cannot join', async () => {
    const { a, ab } = await conference();
    const d = await bench.phone('dave', { toneHz: 1300 });
    const ad = await bench.connect(a, d);
    // dialing D held the conference
    expect(bench.state(a, ab.atA)?.state).toBe('held');
    await expect(a.phone.conference(ab.atA, ad.atA)).rejects.toThrow(/full/);
    const e = await bench.phone('erin', { toneHz: 1500 });
    const { id } = await a.phone.dial(e.aor);
    await bench.waitCall(e, (x) => x.state === 'ringing');
    await expect(a.phone.conference(ad.atA, id)).rejects.toThrow(/not connected or held/);
  });
});
