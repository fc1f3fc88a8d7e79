/**
 * RFC 4733 telephone-event — proves:
 *  - the payload bit layout of §2.3 (event | E R volume | duration), both ways, R ignored on
 *    receipt and zero on send, short payloads rejected, out-of-range values refused;
 *  - the sender (§2.5.1): default 100 ms at 8 kHz / 20 ms = a marker start packet, updates
 *    with growing duration, the end packet 3 times with the final duration, one timestamp per
 *    event, audio (null) between digits, a new timestamp for the next digit;
 *  - the receiver (§2.5.2): exactly one digit per event with repeated end packets, a lost start,
 *    all end packets lost (inferred from the next event or from resumed audio), reordering and
 *    duplicates; duration reported.
 */
import { describe, expect, it } from 'vitest';
import { SayhiError } from '../../../src/base/index.js';
import {
  DtmfReceiver,
  DtmfSender,
  decodeTelephoneEvent,
  digitToEvent,
  encodeTelephoneEvent,
  eventToDigit,
} from '../../../src/media/index.js';
import type { DtmfDigitEvent, TelephoneEventPacket } from '../../../src/media/index.js';

describe('telephone-event payload (RFC 4733 §2.3)', () => {
  it('lays out event, E, R, volume and duration as in the RFC figure', () => {
    const out = new Uint8Array(4);
    expect(encodeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 }, out)).toBe(4);
    expect(Array.from(out)).toEqual([0x05, 0x8a, 0x03, 0x20]);
    encodeTelephoneEvent({ event: 11, end: false, volume: 63, duration: 0xffff }, out);
    expect(Array.from(out)).toEqual([0x0b, 0x3f, 0xff, 0xff]);
  });

  it('decodes, ignoring the reserved R bit', () => {
    expect(decodeTelephoneEvent(Uint8Array.of(0x05, 0xca, 0x03, 0x20))).toEqual({ event: 5, end: true, volume: 10, duration: 800 });
    expect(decodeTelephoneEvent(Uint8Array.of(0x0a, 0x40, 0x00, 0xa0))).toEqual({ event: 10, end: false, volume: 0, duration: 160 });
    expect(decodeTelephoneEvent(Uint8Array.of(1, 2, 3))).toBeUndefined();
  });

  it('refuses values that do not fit', () => {
    const out = new Uint8Array(4);
    expect(() => encodeTelephoneEvent({ event: 1, end: false, volume: 64, duration: 0 }, out)).toThrow(SayhiError);
    expect(() => encodeTelephoneEvent({ event: 1, end: false, volume: 0, duration: 65536 }, out)).toThrow(SayhiError);
  });

  it('maps digits to event codes (§3.2)', () => {
    expect(['0', '9', '*', '#', 'A', 'd'].map(digitToEvent)).toEqual([0, 9, 10, 11, 12, 15]);
    expect(digitToEvent('x')).toBeUndefined();
    expect(eventToDigit(11)).toBe('#');
    expect(eventToDigit(16)).toBeUndefined();
  });
});

/** Run the sender for `ticks` ticks of 160 timestamp units from `ts0`. */
function run(sender: DtmfSender, ticks: number, ts0 = 1000): (TelephoneEventPacket | null)[] {
  const out: (TelephoneEventPacket | null)[] = [];
  for (let k = 0; k < ticks; k++) out.push(sender.tick(ts0 + k * 160));
  return out;
}

describe('DtmfSender (RFC 4733 §2.5.1)', () => {
  it('sends start, updates and three end packets at one timestamp', () => {
    const s = new DtmfSender();
    s.send('5');
    expect(s.busy).toBe(true);
    const pkts = run(s, 12);
    const sent = pkts.filter((p): p is TelephoneEventPacket => p !== null);
    expect(sent.length).toBe(7);
    // Sent on consecutive ticks, then audio.
    expect(pkts.slice(0, 7).every((p) => p !== null)).toBe(true);
    expect(pkts.slice(7).every((p) => p === null)).toBe(true);
    const evs = sent.map((p) => decodeTelephoneEvent(p.payload)!);
    expect(evs.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(evs.map((e) => e.end)).toEqual([false, false, false, false, true, true, true]);
    expect(evs.every((e) => e.event === 5 && e.volume === 10)).toBe(true);
    expect(sent.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(new Set(sent.map((p) => p.timestamp))).toEqual(new Set([1000]));
    expect(s.busy).toBe(false);
  });

  it('leaves a gap of audio between digits and gives each event its own timestamp', () => {
    const s = new DtmfSender({ durationMs: 60, gapMs: 40 });
    s.send('12');
    const pkts = run(s, 16);
    const kinds = pkts.map((p) => (p === null ? '-' : p.marker ? 'M' : 'p')).join('');
    // 60 ms = 3 ticks (third is the first end), 2 more ends, 2 ticks of audio, next digit.
    expect(kinds).toBe('Mpppp--Mpppp----');
    const second = pkts[7]!;
    expect(decodeTelephoneEvent(second.payload)!.event).toBe(1 + 1);
    expect(second.timestamp).toBe(1000 + 7 * 160);
  });

  it('rejects non-digits and impossible durations', () => {
    expect(() => new DtmfSender().send('5x')).toThrow(SayhiError);
    expect(() => new DtmfSender({ durationMs: 10_000 })).toThrow(SayhiError);
  });
});

describe('DtmfReceiver (RFC 4733 §2.5.2)', () => {
  function packetsFor(digits: string, ts0 = 5000): TelephoneEventPacket[][] {
    const s = new DtmfSender();
    s.send(digits);
    const byEvent = new Map<number, TelephoneEventPacket[]>();
    for (let k = 0; k < 200 && (s.busy || k === 0); k++) {
      const p = s.tick((ts0 + k * 160) >>> 0);
      if (p) byEvent.set(p.timestamp, [...(byEvent.get(p.timestamp) ?? []), p]);
    }
    return [...byEvent.values()];
  }

  function receive(stream: TelephoneEventPacket[]): DtmfDigitEvent[] {
    const got: DtmfDigitEvent[] = [];
    const r = new DtmfReceiver((e) => got.push(e));
    for (const p of stream) r.onPacket(p.payload, p.timestamp);
    return got;
  }

  it('reports each digit once although the end packet comes three times', () => {
    const got = receive(packetsFor('147#').flat());
    expect(got.map((g) => g.digit).join('')).toBe('147#');
    expect(got.every((g) => g.duration === 800 && g.durationMs === 100 && !g.endInferred)).toBe(true);
  });

  it('survives loss, duplication and reordering', () => {
    const [a, b, c] = packetsFor('2*9');
    // a: start lost, one update duplicated, ends duplicated again.
    const lossyA = [a![1]!, a![2]!, a![2]!, a![4]!, a![5]!, a![4]!, a![6]!, a![6]!];
    // b: all three end packets lost: the next event closes it.
    const lossyB = b!.slice(0, 4);
    // c: reordered: an end overtakes the updates, which then arrive late.
    const lossyC = [c![0]!, c![5]!, c![1]!, c![2]!, c![6]!, c![3]!];
    const got = receive([...lossyA, ...lossyB, ...lossyC]);
    expect(got.map((g) => g.digit).join('')).toBe('2*9');
    expect(got[0]).toMatchObject({ duration: 800, endInferred: false });
    expect(got[1]).toMatchObject({ digit: '*', duration: 640, endInferred: true });
    expect(got[2]).toMatchObject({ duration: 800, endInferred: false });
  });

  it('ends an event whose end packets were lost when audio resumes', () => {
    const [a] = packetsFor('8', 0xffffff00); // also crosses the 32-bit wrap
    const got: DtmfDigitEvent[] = [];
    const r = new DtmfReceiver((e) => got.push(e));
    for (const p of a!.slice(0, 3)) r.onPacket(p.payload, p.timestamp);
    // Audio during the event (some senders do that) does not end it...
    r.onAudio((a![0]!.timestamp + 480) >>> 0);
    expect(got).toEqual([]);
    // ...audio well past it does.
    r.onAudio((a![0]!.timestamp + 1120) >>> 0);
    expect(got.map((g) => [g.digit, g.duration, g.endInferred])).toEqual([['8', 480, true]]);
    // Late end packets of the same event are then ignored.
    for (const p of a!.slice(4)) r.onPacket(p.payload, p.timestamp);
    expect(got.length).toBe(1);
  });

  it('ignores non-DTMF events and short payloads', () => {
    const got: DtmfDigitEvent[] = [];
    const r = new DtmfReceiver((e) => got.push(e));
    r.onPacket(Uint8Array.of(16, 0x8a, 0, 160), 1); // flash
    r.onPacket(Uint8Array.of(1, 0x8a), 2);
    expect(got).toEqual([]);
  });
});
