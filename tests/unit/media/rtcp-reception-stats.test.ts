/**
 * Receiver statistics against numbers worked out by hand from RFC 3550:
 * A.1 probation and sequence wrap, A.3 cumulative and interval loss (with a
 * duplicate and a late packet), A.8 jitter, and LSR/DLSR.
 */
import { describe, expect, it } from 'vitest';
import { ReceptionStats } from '../../../src/media/rtp/rtcp-reception-stats.js';

describe('ReceptionStats (RFC 3550 A.1, A.3, A.8)', () => {
  it('counts loss across the 16-bit wrap, interval by interval', () => {
    const s = new ReceptionStats({ clockRate: 8000 });
    // 65530 starts probation; 65531 in sequence validates the source (base = 65531).
    expect(s.updateSeq(65530)).toBe('probation');
    expect(s.valid).toBe(false);
    expect(s.updateSeq(65531)).toBe('valid');
    expect(s.valid).toBe(true);
    // 65533 and 1 are lost; the sequence wraps after 65535.
    for (const seq of [65532, 65534, 65535, 0, 2, 3]) expect(s.updateSeq(seq)).toBe('valid');
    // received 7 (65531..3 less two), extended max 65536 + 3, expected 65539 - 65531 + 1 = 9.
    expect(s.received).toBe(7);
    expect(s.extendedHighestSeq).toBe(65539);
    expect(s.expected).toBe(9);
    let rb = s.makeReportBlock(0x1234, 0);
    expect(rb).toMatchObject({ ssrc: 0x1234, cumulativeLost: 2, extendedHighestSeq: 65539, fractionLost: Math.floor((2 * 256) / 9) });
    expect(rb.fractionLost).toBe(56);

    // Next interval: 4, 5, a duplicate 5, and the late 1. Expected +2, received +4.
    for (const seq of [4, 5, 5, 1]) s.updateSeq(seq);
    rb = s.makeReportBlock(0x1234, 0);
    expect(rb.extendedHighestSeq).toBe(65541);
    // 11 expected, 11 counted: the duplicate 5 masks the still-missing 65533, as A.3 says it may.
    expect(rb.cumulativeLost).toBe(0);
    expect(rb.fractionLost).toBe(0); // lost_interval = 2 - 4 < 0 -> 0

    // Next: 6..9 lost, 10 and 11 arrive. Expected +6, received +2: 4/6 of 256 = 170.
    s.updateSeq(10);
    s.updateSeq(11);
    rb = s.makeReportBlock(0x1234, 0);
    expect(rb.extendedHighestSeq).toBe(65547);
    expect(rb.cumulativeLost).toBe(4);
    expect(rb.fractionLost).toBe(170);
  });

  it('holds back a big jump until the next packet confirms it, then starts over (A.1)', () => {
    const s = new ReceptionStats({ clockRate: 8000 });
    for (const seq of [100, 101, 102]) s.updateSeq(seq);
    expect(s.updateSeq(40000)).toBe('bad-jump');
    expect(s.received).toBe(2);
    expect(s.updateSeq(103)).toBe('valid'); // the jump was a stray
    expect(s.updateSeq(50000)).toBe('bad-jump');
    expect(s.updateSeq(50001)).toBe('restarted');
    expect(s.received).toBe(1);
    expect(s.expected).toBe(1);
    expect(s.cumulativeLost).toBe(0);
  });

  it('restarts probation when the first packets are not in sequence', () => {
    const s = new ReceptionStats({ clockRate: 8000 });
    expect(s.updateSeq(10)).toBe('probation');
    expect(s.updateSeq(20)).toBe('probation');
    expect(s.updateSeq(21)).toBe('valid');
    expect(s.expected).toBe(1);
  });

  it('computes interarrival jitter J += (|D| - J) / 16 (A.8)', () => {
    const s = new ReceptionStats({ clockRate: 8000 });
    // 20 ms packets (160 units). Arrivals 0, 20, 45 (5 ms late), 60 ms.
    s.updateJitter(0, 0);
    s.updateJitter(160, 20); // D = 160 - 160 = 0
    expect(s.jitter).toBe(0);
    s.updateJitter(320, 45); // D = 200 - 160 = 40 -> J = 2.5
    expect(s.jitter).toBe(2.5);
    s.updateJitter(480, 60); // D = 120 - 160 = -40 -> J = 2.5 + 37.5 / 16
    expect(s.jitter).toBeCloseTo(4.84375, 10);
    expect(s.jitterMs).toBeCloseTo(4.84375 / 8, 10);
    expect(s.makeReportBlock(1, 0).jitter).toBe(4);
  });

  it('computes jitter across the 32-bit timestamp wrap', () => {
    const s = new ReceptionStats({ clockRate: 8000 });
    s.updateJitter(0xffffff60, 0);
    s.updateJitter(0x00000000, 20); // +160 units across the wrap, on time
    s.updateJitter(0x000000a0, 40);
    expect(s.jitter).toBe(0);
  });

  it('reports LSR and DLSR from the last SR (§6.4.1)', () => {
    const s = new ReceptionStats({ clockRate: 8000 });
    s.updateSeq(1);
    s.updateSeq(2);
    expect(s.makeReportBlock(9, 1000)).toMatchObject({ lastSr: 0, delaySinceLastSr: 0 });
    s.noteSenderReport(0x56789abc, 1000);
    expect(s.makeReportBlock(9, 1500)).toMatchObject({ lastSr: 0x56789abc, delaySinceLastSr: 32768 });
  });
});
