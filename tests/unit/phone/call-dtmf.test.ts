/**
 * The DTMF mode setting (manual §7 Phone Setting: RFC2833 / Inband / SIP Info /
 * Auto) between Sayhi phones in simulated time (call-bench.ts): in-band digits
 * are Q.23 tones in the G.711 audio and are detected there on the far side
 * (reported with method 'inband'); RFC 4733 and SIP INFO still arrive as
 * before; a phone in RFC 2833 mode does not listen for tones in the audio.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DtmfEvent, DtmfMode } from '../../../src/phone/index.js';
import { CallBench, type BenchPhone } from './call-bench.js';

let bench: CallBench;
afterEach(async () => bench?.stop());

function collect(p: BenchPhone): DtmfEvent[] {
  const got: DtmfEvent[] = [];
  p.phone.events.on('dtmf', (e) => got.push(e));
  return got;
}

async function pair(aMode: DtmfMode, bMode: DtmfMode): Promise<{ a: BenchPhone; b: BenchPhone; atA: string; atB: string }> {
  bench = new CallBench();
  const a = await bench.phone('alice', { toneHz: 440, dtmfMode: aMode, settings: { 'call.holdTone': false } });
  const b = await bench.phone('bob', { toneHz: 700, dtmfMode: bMode });
  // silent handsets: a speech-band tone under the digits is not what this test is about
  a.handset.readFrame = (f) => (f.fill(0), true);
  b.handset.readFrame = (f) => (f.fill(0), true);
  const { atA, atB } = await bench.connect(a, b);
  await bench.run(300);
  return { a, b, atA, atB };
}

describe('DTMF modes (simulated time)', () => {
  it('in-band both ways: tones in the audio, detected by the far end as method "inband"', async () => {
    const { a, b, atA, atB } = await pair('inband', 'inband');
    const atBGot = collect(b);
    const atAGot = collect(a);
    await a.phone.sendDtmf(atA, '159#');
    await bench.run(1500);
    expect(atBGot.map((e) => e.digit).join('')).toBe('159#');
    expect(atBGot.every((e) => e.method === 'inband' && e.callId === atB)).toBe(true);
    await b.phone.sendDtmf(atB, '*0D');
    await bench.run(1500);
    expect(atAGot.map((e) => e.digit).join('')).toBe('*0D');
    expect(atAGot.every((e) => e.method === 'inband')).toBe(true);
  });

  it('in-band tones are heard (as audio) but not reported by a phone in RFC 2833 mode; RFC 4733 events are', async () => {
    const { a, b, atA, atB } = await pair('inband', 'rfc2833');
    const atBGot = collect(b);
    const atAGot = collect(a);
    const t0 = bench.clock.now();
    await a.phone.sendDtmf(atA, '5');
    await bench.run(800);
    expect(atBGot).toEqual([]);
    // the '5' is 770 + 1336 Hz in B's earpiece
    expect(b.handset.share(1336, t0, t0 + 600)).toBeGreaterThan(0.2);
    // B sends RFC 4733: A reports it (events are always understood)
    await b.phone.sendDtmf(atB, '8');
    await bench.run(800);
    expect(atAGot.map((e) => [e.digit, e.method])).toEqual([['8', 'rfc4733']]);
  });

  it('auto with telephone-event negotiated sends RFC 4733 (no tone in the audio)', async () => {
    const { a, b, atA } = await pair('auto', 'auto');
    const atBGot = collect(b);
    const t0 = bench.clock.now();
    await a.phone.sendDtmf(atA, '3');
    await bench.run(800);
    expect(atBGot.map((e) => [e.digit, e.method])).toEqual([['3', 'rfc4733']]);
    expect(b.handset.rms(t0, t0 + 800)).toBeLessThan(0.001);
  });
});
