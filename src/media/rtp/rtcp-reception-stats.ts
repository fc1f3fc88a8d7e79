/**
 * What a receiver knows about one remote source, and the report block it turns
 * into (RFC 3550 §6.4.1):
 * - sequence tracking and source validation with probation, dropout and
 *   misorder limits (Appendix A.1),
 * - expected / lost counts and the fraction lost per report interval (A.3),
 * - interarrival jitter, J += (|D| - J) / 16 (§6.4.1, A.8),
 * - the last SR seen, for the LSR/DLSR fields used in round-trip time.
 */
import { tsDiff32 } from '../../base/index.js';
import type { RtcpReportBlock } from './rtcp-packet.js';

const SEQ_MOD = 0x1_0000;
/** A.1 suggested limits: a jump of up to 3000 is a gap, up to 100 back is misorder. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export type SeqUpdate = 'valid' | 'probation' | 'bad-jump' | 'restarted';

export interface ReceptionStatsOptions {
  /** RTP timestamp rate of the source (8000 for PCMU/PCMA/G.722). */
  clockRate: number;
  /** Packets in sequence before the source counts as valid (A.1 MIN_SEQUENTIAL). */
  minSequential?: number;
}

export class ReceptionStats {
  private readonly clockRate: number;
  private readonly minSequential: number;
  private started = false;
  private probation: number;
  private maxSeq = 0;
  private cycles = 0;
  private baseSeq = 0;
  private badSeq = SEQ_MOD + 1;
  private receivedCount = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private lastFraction = 0;
  // Jitter state (A.8), in timestamp units; kept fractional, reported truncated.
  private jitterUnits = 0;
  private haveTransit = false;
  private prevArrivalUnits = 0;
  private prevTimestamp = 0;
  // Last SR from this source.
  private lastSrMiddle = 0;
  private lastSrArrivalMs = 0;

  constructor(opts: ReceptionStatsOptions) {
    this.clockRate = opts.clockRate;
    this.minSequential = opts.minSequential ?? 2;
    this.probation = this.minSequential;
  }

  /** Whether the source has passed probation (A.1). */
  get valid(): boolean {
    return this.started && this.probation === 0;
  }

  /** Packets counted as received (after probation, duplicates included, as A.1 does). */
  get received(): number {
    return this.receivedCount;
  }

  get extendedHighestSeq(): number {
    return this.cycles + this.maxSeq;
  }

  /** Packets expected from the first valid one to the highest seen (A.3). */
  get expected(): number {
    return this.valid ? this.extendedHighestSeq - this.baseSeq + 1 : 0;
  }

  /** Cumulative lost, may go negative with duplicates (A.3). */
  get cumulativeLost(): number {
    return this.expected - this.receivedCount;
  }

  /** Interarrival jitter in timestamp units. */
  get jitter(): number {
    return this.jitterUnits;
  }

  get jitterMs(): number {
    return (this.jitterUnits * 1000) / this.clockRate;
  }

  /** Fraction lost (0..255) computed by the last makeReportBlock(). */
  get fractionLost(): number {
    return this.lastFraction;
  }

  private restart(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = SEQ_MOD + 1;
    this.cycles = 0;
    this.receivedCount = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  /**
   * Account for one packet (A.1 update_seq). Returns 'valid' when it counts;
   * 'probation' while the source is not yet validated; 'bad-jump' for a jump
   * that is held until confirmed; 'restarted' when two packets in sequence after
   * a jump show that the source restarted (the counters start over).
   */
  updateSeq(seq: number): SeqUpdate {
    if (!this.started) {
      this.started = true;
      this.restart(seq);
      this.maxSeq = (seq - 1) & 0xffff;
      this.probation = this.minSequential;
    }
    const delta = (seq - this.maxSeq) & 0xffff;
    if (this.probation > 0) {
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.probation--;
        this.maxSeq = seq;
        if (this.probation === 0) {
          this.restart(seq);
          this.receivedCount++;
          return 'valid';
        }
      } else {
        this.probation = this.minSequential - 1;
        this.maxSeq = seq;
      }
      return 'probation';
    }
    if (delta < MAX_DROPOUT) {
      // In order, possibly with a gap; a smaller number means the 16 bits wrapped.
      if (seq < this.maxSeq) this.cycles += SEQ_MOD;
      this.maxSeq = seq;
    } else if (delta <= SEQ_MOD - MAX_MISORDER) {
      // A very large jump: believe it only when the next packet follows it.
      if (seq === this.badSeq) {
        this.restart(seq);
        this.receivedCount++;
        return 'restarted';
      }
      this.badSeq = (seq + 1) & 0xffff;
      return 'bad-jump';
    }
    // else: a duplicate or a packet reordered by less than MAX_MISORDER: counted, maxSeq kept.
    this.receivedCount++;
    return 'valid';
  }

  /**
   * Interarrival jitter (A.8): D is the difference of (arrival - timestamp)
   * between this packet and the previous one, both in timestamp units. Computed
   * with wrap-safe differences so the 32-bit timestamp may wrap.
   */
  updateJitter(rtpTimestamp: number, arrivalMs: number): void {
    const arrivalUnits = (arrivalMs * this.clockRate) / 1000;
    if (this.haveTransit) {
      const d = arrivalUnits - this.prevArrivalUnits - tsDiff32(this.prevTimestamp, rtpTimestamp);
      this.jitterUnits += (Math.abs(d) - this.jitterUnits) / 16;
    }
    this.haveTransit = true;
    this.prevArrivalUnits = arrivalUnits;
    this.prevTimestamp = rtpTimestamp >>> 0;
  }

  /** Forget the previous transit (e.g. after a talk-spurt gap of another payload type). */
  resetTransit(): void {
    this.haveTransit = false;
  }

  /** Remember an SR from this source: its NTP middle 32 bits and when it arrived. */
  noteSenderReport(ntpMiddle32: number, arrivalMs: number): void {
    this.lastSrMiddle = ntpMiddle32 >>> 0;
    this.lastSrArrivalMs = arrivalMs;
  }

  /**
   * Build the report block for this source at time `nowMs` and start a new
   * report interval (A.3: expected/received prior are moved forward).
   */
  makeReportBlock(ssrc: number, nowMs: number): RtcpReportBlock {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.receivedCount - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.receivedCount;
    const lostInterval = expectedInterval - receivedInterval;
    this.lastFraction =
      expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    const dlsr = this.lastSrMiddle === 0 ? 0 : Math.floor(((nowMs - this.lastSrArrivalMs) / 1000) * 65536) >>> 0;
    return {
      ssrc: ssrc >>> 0,
      fractionLost: this.lastFraction,
      cumulativeLost: this.cumulativeLost,
      extendedHighestSeq: this.extendedHighestSeq >>> 0,
      jitter: Math.floor(this.jitterUnits),
      lastSr: this.lastSrMiddle,
      delaySinceLastSr: dlsr,
    };
  }
}
